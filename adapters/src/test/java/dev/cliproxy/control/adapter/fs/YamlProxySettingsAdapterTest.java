package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.CcsLayout;
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
    void theCliSettingWinsOverTheProxyConfig() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317), "port: 9100\n");
        assertEquals(9100, settings.lifecyclePort());

        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: 9200\n");
        assertEquals(9200, settings.lifecyclePort());
    }

    @Test
    void anInvalidOrUnreadableSettingFallsThrough() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317), "port: 9100\n");
        for (String ccsConfig : List.of("cliproxy_server:\n  local:\n    port: 70000\n",
                "cliproxy_server:\n  local:\n    port: abc\n", "cliproxy_server: [1, 2]\n", "{ not: yaml: at all",
                "!!java.io.File [\"/etc/passwd\"]\n")) {
            Files.writeString(layout.ccsConfigFile(), ccsConfig);
            assertEquals(9100, settings.lifecyclePort(), ccsConfig);
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
    void aSecretAlreadyHashedByTheProxyIsUnusable() throws Exception {
        Files.writeString(layout.proxyConfigFile(8317),
                "remote-management:\n  secret-key: \"$2a$10$abcdefghijklmnopqrstuv\"\n");
        assertEquals(Optional.empty(), settings.managementSecret(8317));
    }
}
