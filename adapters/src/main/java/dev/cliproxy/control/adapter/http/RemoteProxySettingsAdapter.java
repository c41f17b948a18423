package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to talk to a proxy on another host: its port is its URL's; the client key is the one configured for it
 * ({@code auth_token}), else one of the keys its management API lists ({@code GET api-keys}); the management
 * secret is its management key. Its backend is not told and does not matter here: the original.
 */
public final class RemoteProxySettingsAdapter implements ProxySettingsPort {

    private final RemoteProxyClient client;

    public RemoteProxySettingsAdapter(RemoteProxyClient client) {
        this.client = client;
    }

    private RemoteProxy target() {
        return client.target();
    }

    @Override
    public int lifecyclePort() {
        return target().port();
    }

    /**
     * None when a client key is configured (it is the one sent); else what the management API lists, or none when
     * it cannot be asked (the models call then says what the proxy thinks of the default key).
     */
    @Override
    public List<String> apiKeys(int port) {
        if (target().clientKey().isPresent()) {
            return List.of();
        }
        try {
            List<String> keys = new ArrayList<>();
            for (JsonNode key : client.managementJson("api-keys").path("api-keys")) {
                if (key.isTextual() && !key.asText().isBlank()) {
                    keys.add(key.asText());
                }
            }
            return keys;
        } catch (ControlException unavailable) {
            return List.of();
        }
    }

    @Override
    public Optional<String> managementSecret(int port) {
        return target().managementKey();
    }

    @Override
    public Backend backend() {
        return Backend.ORIGINAL;
    }

    @Override
    public ClientKeys clientKeys() {
        return new ClientKeys(target().clientKey().orElse(ClientKeys.DEFAULTS.apiKey()),
                target().managementKey().orElse(ClientKeys.DEFAULTS.managementSecret()));
    }
}
