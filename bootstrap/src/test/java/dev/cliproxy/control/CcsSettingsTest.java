package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.adapter.fs.YamlProxySettingsAdapter;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ccs} tools' settings ({@code <ccs-dir>/config.yaml}) decide the binary and the keys, with the stand-in
 * proxy as a real process: like CLIProxyAPI, it hashes the plain management secret of its config when it starts, so
 * the secret that works can only come from the settings or from the plain text kept beside the config.
 */
class CcsSettingsTest {

    @TempDir
    Path temp;
    private StandInFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.cleanUp();
    }

    @Test
    void aProxyWeStartAcceptsTheKeysTheCcsSettingsName() throws Exception {
        settings("""
                cliproxy:
                  auth:
                    api_key: sk-user-chosen-key
                    management_secret: mgmt-user-chosen
                """);
        CliProxyControl control = fixture.control();
        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());

        assertEquals(200, proxy("/v1/models", "Authorization", "Bearer sk-user-chosen-key").statusCode());
        assertEquals(401, proxy("/v1/models", "Authorization", "Bearer ccs-internal-managed").statusCode());
        assertEquals(2, control.models().list().totalCount(), "our models call sends the settings' key");
        String config = Files.readString(fixture.layout.proxyConfigFile(fixture.port));
        assertFalse(config.contains("mgmt-user-chosen"), "the proxy replaced the plain secret: " + config);
        assertEquals(200, proxy("/v0/management/request-error-logs", "X-Management-Key", "mgmt-user-chosen")
                .statusCode(), "the Node dashboard's management calls work");
        String secret = new YamlProxySettingsAdapter(fixture.layout).managementSecret(fixture.port).orElseThrow();
        assertEquals(200, proxy("/v0/management/request-error-logs", "Authorization", "Bearer " + secret)
                .statusCode(), "the secret we read for our own management calls is one the proxy accepts");
    }

    @Test
    void withoutKeysInTheSettingsItAcceptsTheCcsToolsDefaults() throws Exception {
        settings("");
        CliProxyControl control = fixture.control();
        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());

        assertEquals(200, proxy("/v1/models", "Authorization", "Bearer ccs-internal-managed").statusCode());
        assertEquals(200, proxy("/v0/management/request-error-logs", "Authorization", "Bearer ccs").statusCode());
        assertEquals(2, control.models().list().totalCount());
    }

    @Test
    void theBackendOfTheSettingsPicksTheBinaryAtEachStart() throws Exception {
        Path plus = StandInLauncher.install(fixture.layout.binaryDirectory(Backend.PLUS), "cli-proxy-api-plus");
        settings("cliproxy:\n  backend: plus\n");
        CliProxyControl control = fixture.track(CliProxyControl.builder().ccsDirectory(fixture.layout.ccsDirectory())
                .startupTimeout(StandInFixture.WAIT).build());
        assertEquals(plus, control.proxyBinary());

        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        assertTrue(Files.readString(fixture.layout.proxyConfigFile(fixture.port))
                .contains(Backend.PLUS.managementPanelRepository()), "the panel the ccs tools expect for Plus");
        assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());

        settings("cliproxy:\n  backend: original\n");
        Path original = fixture.layout.defaultBinary(Backend.ORIGINAL);
        assertEquals(original, control.proxyBinary(), "read fresh: the user may switch while the server runs");
        StartOutcome.StartFailed failed =
                assertInstanceOf(StartOutcome.StartFailed.class, control.proxy().start());
        assertTrue(failed.reason().startsWith("CLIProxy binary not found at " + original), failed.reason());
    }

    @Test
    void withoutCcsDirOrCcsHomeTheDefaultDirectoryIsTheEnvironmentsHome() {
        Path home = temp.resolve("home");
        try (CliProxyControl control = CliProxyControl.builder().environment(Map.of("HOME", home.toString())).build()) {
            assertEquals(home.resolve(".ccs"), control.layout().ccsDirectory());
        }
        try (CliProxyControl control = CliProxyControl.builder()
                .environment(Map.of("HOME", home.toString(), "CCS_HOME", temp.toString())).build()) {
            assertEquals(temp.resolve(".ccs"), control.layout().ccsDirectory());
        }
    }

    /** The ccs settings: the fixture's port and these lines. */
    private void settings(String lines) throws Exception {
        Files.createDirectories(fixture.layout.ccsDirectory());
        Files.writeString(fixture.layout.ccsConfigFile(),
                "cliproxy_server:\n  local:\n    port: " + fixture.port + "\n" + lines);
    }

    private HttpResponse<String> proxy(String path, String header, String value) throws Exception {
        return TestHttpClient.at("http://127.0.0.1:" + fixture.port).get(path, header, value);
    }
}
