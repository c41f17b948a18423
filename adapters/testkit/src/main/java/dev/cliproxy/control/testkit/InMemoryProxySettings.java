package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fixed proxy settings: the port, its client API keys and management secret, the backend, the ccs clients' keys,
 * and the remote mode's target.
 */
public final class InMemoryProxySettings implements ProxySettingsPort {

    private volatile int port = CcsLayout.DEFAULT_PROXY_PORT;
    private volatile List<String> apiKeys = List.of("sk-testkit");
    private volatile Optional<String> managementSecret = Optional.empty();
    private volatile Backend backend = Backend.ORIGINAL;
    private volatile ClientKeys clientKeys = ClientKeys.DEFAULTS;
    private volatile Optional<RemoteProxy> remote = Optional.empty();

    public InMemoryProxySettings port(int newPort) {
        this.port = newPort;
        return this;
    }

    public InMemoryProxySettings apiKeys(List<String> keys) {
        this.apiKeys = List.copyOf(keys);
        return this;
    }

    public InMemoryProxySettings managementSecret(String secret) {
        this.managementSecret = Optional.of(secret);
        return this;
    }

    public InMemoryProxySettings backend(Backend newBackend) {
        this.backend = Objects.requireNonNull(newBackend, "backend");
        return this;
    }

    public InMemoryProxySettings clientKeys(ClientKeys keys) {
        this.clientKeys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /** Turns the {@code ccs} remote mode on with {@code target}, or off with empty. */
    public InMemoryProxySettings remote(Optional<RemoteProxy> target) {
        this.remote = Objects.requireNonNull(target, "target");
        return this;
    }

    @Override
    public int lifecyclePort() {
        return port;
    }

    @Override
    public List<String> apiKeys(int forPort) {
        return apiKeys;
    }

    @Override
    public Optional<String> managementSecret(int forPort) {
        return managementSecret;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public ClientKeys clientKeys() {
        return clientKeys;
    }

    @Override
    public Optional<RemoteProxy> remote() {
        return remote;
    }
}
