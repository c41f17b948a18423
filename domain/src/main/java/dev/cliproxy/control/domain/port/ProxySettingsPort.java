package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.RemoteProxy;
import java.util.List;
import java.util.Optional;

/**
 * The settings that decide which proxy is managed and how to talk to it: the {@code ccs} tools' own settings
 * ({@code <ccs-dir>/config.yaml}) and the proxy config of a port, each read fresh (the user may change them while
 * this program runs).
 */
public interface ProxySettingsPort {

    /**
     * {@code cliproxy_server.local.port} of the {@code ccs} settings when set and valid, else 8317 (contract §1).
     * Never read back from a proxy config: the port decides which proxy config is the current one.
     */
    int lifecyclePort();

    /** The client API keys ({@code api-keys}) of that port's proxy config, read fresh on every call. */
    List<String> apiKeys(int port);

    /**
     * The plain-text management secret to call that port's proxy with: its config's {@code secret-key} while it is
     * still plain text; once the proxy has replaced it with a hash (which cannot be used to authenticate), the plain
     * text this tool kept when it wrote that config ({@code .management-secret-<port>}), else the {@code ccs}
     * settings' {@link ClientKeys#managementSecret()} (the secret the {@code ccs} tools write). Empty when none is
     * known.
     */
    Optional<String> managementSecret(int port);

    /** The build of the proxy in use: {@code cliproxy.backend} of the {@code ccs} settings, else the original. */
    Backend backend();

    /** The keys the {@code ccs} clients use: {@code cliproxy.auth.*} of their settings, else their defaults. */
    default ClientKeys clientKeys() {
        return ClientKeys.DEFAULTS;
    }

    /**
     * The management panel repository the {@code ccs} tools expect in a proxy config:
     * {@code cliproxy.management_panel_repository} of their settings, else the backend's.
     */
    default String managementPanelRepository() {
        return backend().managementPanelRepository();
    }

    /**
     * The proxy on another host that the {@code ccs} settings' remote mode names ({@code cliproxy_server.remote}
     * with {@code enabled} and a {@code host}); empty when remote mode is off, which is the default. While it is
     * on, the routes act on that proxy through its management API.
     */
    default Optional<RemoteProxy> remote() {
        return Optional.empty();
    }

    /**
     * {@link #remote()} while remote mode is on, else the local proxy on {@link #lifecyclePort()}: what a status
     * looks at, both from one read of the settings (an adapter that reads a file overrides it to look at the file
     * once instead of twice).
     */
    default ProxyTarget proxyTarget() {
        return remote().<ProxyTarget>map(ProxyTarget.Remote::new)
                .orElseGet(() -> new ProxyTarget.Local(lifecyclePort()));
    }
}
