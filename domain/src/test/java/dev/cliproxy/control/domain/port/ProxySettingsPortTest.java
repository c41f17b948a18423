package dev.cliproxy.control.domain.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings that name no keys or panel get the ccs tools' defaults: their keys, the backend's panel. */
class ProxySettingsPortTest {

    @Test
    void withoutExplicitValuesTheDefaultsOfTheCcsToolsApply() {
        for (Backend backend : Backend.values()) {
            ProxySettingsPort settings = settingsFor(backend);
            assertEquals(ClientKeys.DEFAULTS, settings.clientKeys());
            assertEquals(backend.managementPanelRepository(), settings.managementPanelRepository());
        }
    }

    private static ProxySettingsPort settingsFor(Backend backend) {
        return new ProxySettingsPort() {
            @Override
            public int lifecyclePort() {
                return 8317;
            }

            @Override
            public List<String> apiKeys(int port) {
                return List.of();
            }

            @Override
            public Optional<String> managementSecret(int port) {
                return Optional.empty();
            }

            @Override
            public Backend backend() {
                return backend;
            }
        };
    }
}
