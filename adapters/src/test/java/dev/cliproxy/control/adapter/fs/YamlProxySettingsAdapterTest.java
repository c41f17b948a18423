package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlProxySettingsAdapterTest {

    @TempDir
    Path ccs;
    private CcsLayout layout;
    private YamlProxySettingsAdapter settings;

    @BeforeEach
    void setUp() throws Exception {
        layout = new CcsLayout(ccs);
        settings = new YamlProxySettingsAdapter(layout);
        Files.createDirectories(layout.cliproxyDirectory());
    }

    @Test
    void withNoFilesThePortIs8317() {
        assertEquals(8317, settings.lifecyclePort());
    }

    @Test
    void thePortIsTheCcsSettingNeverThePortOfAProxyConfig() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317), "port: 9100\n");
        assertEquals(8317, settings.lifecyclePort(), "a PUT of another port must not move the current file");

        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: 9200\n");
        assertEquals(9200, settings.lifecyclePort());
        Files.writeString(layout.proxyConfigFile(9200), "port: 9300\n");
        assertEquals(9200, settings.lifecyclePort());
    }

    @Test
    void anInvalidOrUnreadableSettingMeans8317() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317), "port: 9100\n");
        for (String ccsConfig : List.of("cliproxy_server:\n  local:\n    port: 70000\n",
                "cliproxy_server:\n  local:\n    port: abc\n", "cliproxy_server: [1, 2]\n", "{ not: yaml: at all",
                "!!java.io.File [\"/etc/passwd\"]\n")) {
            Files.writeString(layout.ccsConfigFile(), ccsConfig);
            assertEquals(8317, settings.lifecyclePort(), ccsConfig);
        }
    }

    @Test
    void apiKeysAndAPlainManagementSecretAreReadFromThatPortsConfig() throws Exception {
        Files.writeString(layout.proxyConfigFile(9100), """
                port: 9100
                api-keys:
                  - "sk-one"
                  - ""
                  - 42
                  - sk-two
                remote-management:
                  secret-key: "plain-secret"
                """);
        assertEquals(List.of("sk-one", "sk-two"), settings.apiKeys(9100));
        assertEquals(Optional.of("plain-secret"), settings.managementSecret(9100));
        assertEquals(List.of(), settings.apiKeys(8317));
    }

    @Test
    void onceTheProxyHashedTheSecretItIsTheOneTheCcsSettingsNameReadFresh() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317),
                "remote-management:\n  secret-key: \"$2a$10$abcdefghijklmnopqrstuv\"\n");
        assertEquals(Optional.of("ccs"), settings.managementSecret(8317), "the ccs tools' default");

        Files.writeString(layout.ccsConfigFile(), "cliproxy:\n  auth:\n    management_secret: mine\n");
        assertEquals(Optional.of("mine"), settings.managementSecret(8317));

        Files.writeString(layout.managementSecretFile(8317), "kept-when-written\n");
        assertEquals(Optional.of("kept-when-written"), settings.managementSecret(8317),
                "the plain text kept beside a config this tool wrote is the one its hash was made of");
    }

    @Test
    void theCcsClientsKeysAreTheSettingsElseTheirDefaults() throws Exception {
        assertEquals(ClientKeys.DEFAULTS, settings.clientKeys());

        Files.writeString(layout.ccsConfigFile(),
                "cliproxy:\n  auth:\n    api_key: sk-mine\n    management_secret: \"\"\n");
        assertEquals(new ClientKeys("sk-mine", "ccs"), settings.clientKeys());

        Files.writeString(layout.ccsConfigFile(), "cliproxy:\n  auth:\n    api_key: [x]\n    management_secret: s3\n");
        assertEquals(new ClientKeys("ccs-internal-managed", "s3"), settings.clientKeys());
    }

    @Test
    void theManagementPanelIsTheSettingsElseTheBackendsReadFresh() throws Exception {
        assertEquals(Backend.ORIGINAL.managementPanelRepository(), settings.managementPanelRepository());

        Files.writeString(layout.ccsConfigFile(), "cliproxy:\n  backend: plus\n");
        assertEquals(Backend.PLUS.managementPanelRepository(), settings.managementPanelRepository());

        Files.writeString(layout.ccsConfigFile(),
                "cliproxy:\n  backend: plus\n  management_panel_repository: ' https://example.com/panel '\n");
        assertEquals("https://example.com/panel", settings.managementPanelRepository());

        Files.writeString(layout.ccsConfigFile(), "cliproxy:\n  management_panel_repository: '  '\n");
        assertEquals(Backend.ORIGINAL.managementPanelRepository(), settings.managementPanelRepository());
    }
}
