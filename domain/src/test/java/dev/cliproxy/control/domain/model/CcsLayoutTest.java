package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CcsLayoutTest {

    private static final Path HOME = Path.of("/home/user");

    @Test
    void ccsDirComesFirstThenCcsHomeThenTheHomeDirectory() {
        assertEquals(Path.of("/data/ccs"), CcsLayout.fromEnvironment(
                Map.of("CCS_DIR", "/data/ccs", "CCS_HOME", "/other"), HOME).ccsDirectory());
        assertEquals(Path.of("/other/.ccs"), CcsLayout.fromEnvironment(Map.of("CCS_HOME", "/other"), HOME).ccsDirectory());
        assertEquals(Path.of("/home/user/.ccs"), CcsLayout.fromEnvironment(Map.of(), HOME).ccsDirectory());
        assertEquals(Path.of("/home/user/.ccs"),
                CcsLayout.fromEnvironment(Map.of("CCS_DIR", " ", "CCS_HOME", ""), HOME).ccsDirectory());
    }

    @Test
    void withoutCcsDirOrCcsHomeItIsTheEnvironmentsHomeAsForTheCcsCli() {
        assertEquals(Path.of("/elsewhere/.ccs"),
                CcsLayout.fromEnvironment(Map.of("HOME", "/elsewhere"), HOME).ccsDirectory());
        assertEquals(Path.of("/data/ccs"),
                CcsLayout.fromEnvironment(Map.of("HOME", "/elsewhere", "CCS_DIR", "/data/ccs"), HOME).ccsDirectory());
        assertEquals(Path.of("/home/user/.ccs"), CcsLayout.fromEnvironment(Map.of("HOME", " "), HOME).ccsDirectory(),
                "the fallback only when HOME is unset");
    }

    @Test
    void eachBackendHasTheCcsToolsNameAndManagementPanel() {
        assertEquals("CLIProxy", Backend.ORIGINAL.label());
        assertEquals("CLIProxy Plus", Backend.PLUS.label());
        assertEquals("https://github.com/router-for-me/Cli-Proxy-API-Management-Center",
                Backend.ORIGINAL.managementPanelRepository());
        assertEquals("https://github.com/kaitranntt/Cli-Proxy-API-Management-Center",
                Backend.PLUS.managementPanelRepository());
    }

    @Test
    void clientKeysNeverShowTheirValues() {
        ClientKeys keys = new ClientKeys("sk-visible-nowhere", "mgmt-visible-nowhere");
        assertFalse(keys.toString().contains("visible-nowhere"), keys.toString());
        assertEquals("ccs-internal-managed", ClientKeys.DEFAULTS.apiKey());
        assertEquals("ccs", ClientKeys.DEFAULTS.managementSecret());
    }

    @Test
    void theDefaultPortUsesThePlainFileNamesAndOtherPortsCarryTheirNumber() {
        CcsLayout layout = new CcsLayout(Path.of("/c"));
        assertEquals(Path.of("/c/cliproxy/config.yaml"), layout.proxyConfigFile(8317));
        assertEquals(Path.of("/c/cliproxy/sessions.json"), layout.sessionsFile(8317));
        assertEquals(Path.of("/c/cliproxy/config-8400.yaml"), layout.proxyConfigFile(8400));
        assertEquals(Path.of("/c/cliproxy/sessions-8400.json"), layout.sessionsFile(8400));
    }

    @Test
    void everyOtherPathIsUnderTheCliproxyDirectory() {
        CcsLayout layout = new CcsLayout(Path.of("/c/./x/.."));
        assertEquals(Path.of("/c"), layout.ccsDirectory());
        assertEquals(Path.of("/c/config.yaml"), layout.ccsConfigFile());
        assertEquals(Path.of("/c/cliproxy/auth"), layout.authDirectory());
        assertEquals(Path.of("/c/cliproxy/auth-paused"), layout.pausedAuthDirectory());
        assertEquals(Path.of("/c/cliproxy/auth-removed"), layout.removedAuthDirectory());
        assertEquals(Path.of("/c/cliproxy/logs"), layout.logsDirectory());
        assertEquals(Path.of("/c/cliproxy/.startup.lock"), layout.startupLockFile());
        assertEquals(Path.of("/c/cliproxy/.install.lock"), layout.installLockFile());
        assertEquals(Path.of("/c/cliproxy/account-state.json"), layout.accountStateFile());
        assertEquals(Path.of("/c/cliproxy/control.yaml"), layout.controlSettingsFile());
        assertEquals(Path.of("/c/cliproxy/bin/original/cli-proxy-api"), layout.defaultBinary(Backend.ORIGINAL));
        assertEquals(Path.of("/c/cliproxy/bin/plus/cli-proxy-api-plus"), layout.defaultBinary(Backend.PLUS));
    }

    @Test
    void theProxysOutputAndOurSecretCopyArePerPortAndNeverAnErrorLog() {
        CcsLayout layout = new CcsLayout(Path.of("/c"));
        assertEquals(Path.of("/c/cliproxy/logs/proxy-output-8400.log"), layout.proxyOutputLog(8400));
        assertEquals(Path.of("/c/cliproxy/.management-secret-8400"), layout.managementSecretFile(8400));
        assertEquals(java.util.Optional.empty(), ErrorLogName.parse(layout.proxyOutputLog(8317).getFileName().toString()));
    }
}
