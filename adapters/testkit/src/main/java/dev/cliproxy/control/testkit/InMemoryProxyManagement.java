package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running proxy's management API in memory: on which port a proxy answers, with which management secret, and
 * which token files it has loaded. A call it accepts goes to the same providers a direct call reaches (an
 * {@link InMemoryUpstream}), as the real proxy makes it with its own fresh token. Refuses as the real adapter reports
 * it: no proxy on the port, a proxy whose management API is off (no secret-key in its config), a wrong secret, a token
 * file the proxy has not loaded (matched by file name, else by email, ignoring case).
 */
public final class InMemoryProxyManagement implements ProxyManagementPort {

    /** A token file the proxy has loaded, as its {@code auth-files} list shows it. */
    private record Loaded(String fileName, Optional<String> email) {
    }

    /** One proxy's management API; no secret: its routes are off. */
    private record Proxy(Optional<String> secret, List<Loaded> files) {
    }

    private final InMemoryUpstream providers;
    private final Map<Integer, Proxy> proxies = new ConcurrentHashMap<>();

    public InMemoryProxyManagement(InMemoryUpstream providers) {
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** A proxy now answers on {@code port}, its management API guarded by {@code secret}, with no token file yet. */
    public void serve(int port, String secret) {
        proxies.put(port, new Proxy(Optional.of(Objects.requireNonNull(secret, "secret")),
                new CopyOnWriteArrayList<>()));
    }

    /** A proxy now answers on {@code port} with its management API off, as when its config has no secret-key. */
    public void serveWithoutManagement(int port) {
        proxies.put(port, new Proxy(Optional.empty(), new CopyOnWriteArrayList<>()));
    }

    /** The proxy on {@code port} stops: its management API is unreachable. */
    public void stop(int port) {
        proxies.remove(port);
    }

    /** The proxy on {@code port} loads a token file (it watches {@code auth/}). */
    public void load(int port, String fileName, Optional<String> email) {
        Proxy proxy = proxies.get(port);
        if (proxy == null) {
            throw new IllegalStateException("no proxy serves port " + port);
        }
        proxy.files().add(new Loaded(fileName, email));
    }

    @Override
    public UpstreamResponse apiCall(int port, String managementSecret, Credential credential,
                                    UpstreamRequest request) {
        Proxy proxy = proxies.get(port);
        if (proxy == null) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE,
                    "the proxy's management API could not be reached");
        }
        if (proxy.secret().isEmpty()) {
            throw new ConflictException(ErrorCode.REAUTH_REQUIRED, "The running proxy's management API is off (its"
                    + " config has no remote-management.secret-key), so it cannot refresh this account's token: give"
                    + " its config a secret-key and restart it, or sign in to this account again.");
        }
        if (!proxy.secret().get().equals(managementSecret)) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_API_FAILED, "the proxy's management API answered"
                    + " HTTP 401 to /v0/management/auth-files; check remote-management.secret-key of its config");
        }
        if (!loaded(proxy, credential)) {
            throw new ConflictException(ErrorCode.REAUTH_REQUIRED, "The running proxy has not loaded the token"
                    + " file of this account; sign in to this account again.");
        }
        return providers.call(request, credential);
    }

    private static boolean loaded(Proxy proxy, Credential credential) {
        return proxy.files().stream().anyMatch(file -> file.fileName().equals(credential.fileName()))
                || proxy.files().stream().anyMatch(file -> file.email().isPresent()
                && credential.email().filter(e -> e.equalsIgnoreCase(file.email().get())).isPresent());
    }
}
