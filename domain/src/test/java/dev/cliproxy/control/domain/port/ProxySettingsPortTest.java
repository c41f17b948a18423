package dev.cliproxy.control.domain.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.RemoteProxy;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Settings that name no keys or panel get the ccs tools' defaults: their keys, the backend's panel; the target is the
 * remote proxy while remote mode is on, else the local port.
 */
class ProxySettingsPortTest {

    @Test
    void withoutExplicitValuesTheDefaultsOfTheCcsToolsApply() {
        for (Backend backend : Backend.values()) {
            ProxySettingsPort settings = settingsFor(backend);
            assertEquals(ClientKeys.DEFAULTS, settings.clientKeys());
            assertEquals(backend.managementPanelRepository(), settings.managementPanelRepository());
        }
    }

    @Test
    void theTargetIsTheRemoteProxyWhileRemoteModeIsOnElseTheLocalPort() {
        RemoteProxy remote = new RemoteProxy(URI.create("https://proxy.example.com:443"), Optional.empty(),
                Optional.empty());

        assertEquals(new ProxyTarget.Local(9100),
                settings(Backend.ORIGINAL, 9100, Optional.empty()).proxyTarget());
        assertEquals(new ProxyTarget.Remote(remote),
                settings(Backend.ORIGINAL, 9100, Optional.of(remote)).proxyTarget());
        assertThrows(NullPointerException.class, () -> new ProxyTarget.Remote(null));
    }

    private static ProxySettingsPort settingsFor(Backend backend) {
        return settings(backend, 8317, Optional.empty());
    }

    private static ProxySettingsPort settings(Backend backend, int port, Optional<RemoteProxy> remote) {
        return new ProxySettingsPort() {
            @Override
            public int lifecyclePort() {
                return port;
            }

            @Override
            public List<String> apiKeys(int forPort) {
                return List.of();
            }

            @Override
            public Optional<String> managementSecret(int forPort) {
                return Optional.empty();
            }

            @Override
            public Backend backend() {
                return backend;
            }

            @Override
            public Optional<RemoteProxy> remote() {
                return remote;
            }
        };
    }
}
