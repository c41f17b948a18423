package dev.cliproxy.control;

import static dev.cliproxy.control.StandInFixture.alive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, status and stop through the facade, with the stand-in proxy as a real OS process. */
class ProxyLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void startStatusStopRoundTrip() throws Exception {
        fixture.config();
        CliProxyControl control = fixture.control();

        StartOutcome.Started started = assertInstanceOf(StartOutcome.Started.class, control.proxy().start());
        fixture.remember(started.pid());
        assertEquals(fixture.port, started.port());
        assertEquals(200, models(StandInConfig.API_KEY).statusCode(), "the stand-in answers with the API key");

        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        assertEquals(started.pid(), running.pid().getAsLong());
        assertEquals(fixture.port, running.port());
        assertEquals(1, running.sessionCount(), "a plain start holds one session, as the ccs dashboard does");
        assertTrue(running.startedAt().isPresent());

        JsonNode record = JSON.readTree(fixture.layout.sessionsFile(fixture.port).toFile());
        assertEquals(fixture.port, record.get("port").asInt());
        assertEquals(started.pid(), record.get("pid").asLong());
        assertTrue(record.get("sessions").isArray());
        Instant.parse(record.get("startedAt").asText());

        StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());
        assertEquals(started.pid(), stopped.pid());
        assertEquals(1, stopped.sessionCount());
        assertFalse(stopped.forced());
        assertFalse(alive(started.pid()));
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        assertFalse(Files.exists(fixture.layout.sessionsFile(fixture.port)));
        assertTrue(Files.size(fixture.layout.proxyOutputLog(fixture.port)) > 0, "output kept under logs/");
    }

    @Test
    void secondStartFindsTheFirstProxy() throws Exception {
        fixture.config();
        CliProxyControl control = fixture.control();
        StartOutcome.Started first = assertInstanceOf(StartOutcome.Started.class, control.proxy().start());
        fixture.remember(first.pid());

        StartOutcome.AlreadyRunning second =
                assertInstanceOf(StartOutcome.AlreadyRunning.class, control.proxy().start());

        assertEquals(first.pid(), second.pid().getAsLong());
        assertEquals(1, ((ProxyStatus.Running) control.proxy().status()).sessionCount());
    }

    @Test
    void stopWhenNothingRunsSaysSo() throws Exception {
        fixture.config();
        StopOutcome.NotStopped outcome =
                assertInstanceOf(StopOutcome.NotStopped.class, fixture.control().proxy().stop());
        assertTrue(outcome.reason().contains("not running"), outcome.reason());
    }

    @Test
    void missingBinaryNamesThePathLookedAt() throws Exception {
        fixture.config();
        Path missing = temp.resolve("nowhere/cli-proxy-api");
        CliProxyControl control = fixture.track(fixture.builder().proxyBinary(missing).build());

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, control.proxy().start());

        assertTrue(failed.reason().contains(missing.toString()), failed.reason());
        assertTrue(failed.reason().contains("--proxy-binary"), failed.reason());
    }

    @Test
    void aProxyThatExitsAtOnceIsReportedWithItsCodeAndOutput() throws Exception {
        fixture.config("stand-in-exit-code: 3");

        StartOutcome.StartFailed failed =
                assertInstanceOf(StartOutcome.StartFailed.class, fixture.control().proxy().start());

        assertTrue(failed.reason().contains("code 3"), failed.reason());
        assertTrue(failed.reason().contains("told to exit at once"), failed.reason());
        assertFalse(Files.exists(fixture.layout.sessionsFile(fixture.port)));
    }

    @Test
    void aSlowProxyIsStoppedWhenItMissesTheStartupTimeout() throws Exception {
        fixture.config("stand-in-startup-delay-ms: 20000");
        CliProxyControl control = fixture.track(fixture.builder()
                .startupTimeout(java.time.Duration.ofSeconds(2)).build());

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, control.proxy().start());

        assertTrue(failed.reason().contains("did not become healthy"), failed.reason());
        assertTrue(failed.reason().contains("2 s"), failed.reason());
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
    }

    @Test
    void aSlowButTimelyProxyStarts() throws Exception {
        fixture.config("stand-in-startup-delay-ms: 700");
        StartOutcome.Started started =
                assertInstanceOf(StartOutcome.Started.class, fixture.control().proxy().start());
        fixture.remember(started.pid());
    }

    @Test
    void aProxyWithoutHealthzIsRecognisedByItsBanner() throws Exception {
        fixture.config("stand-in-legacy: true");
        StartOutcome.Started started =
                assertInstanceOf(StartOutcome.Started.class, fixture.control().proxy().start());
        fixture.remember(started.pid());
    }

    @Test
    void aMissingConfigIsWrittenSafelyAndUsed() throws Exception {
        StandInConfig.selectPort(fixture.layout, fixture.port);
        CliProxyControl control = fixture.control();

        StartOutcome.Started started = assertInstanceOf(StartOutcome.Started.class, control.proxy().start());
        fixture.remember(started.pid());

        String config = Files.readString(fixture.layout.proxyConfigFile(fixture.port));
        assertTrue(config.contains("host: \"127.0.0.1\""), config);
        assertTrue(config.contains("port: " + fixture.port), config);
        assertTrue(config.contains("allow-remote: false"), config);
        String apiKey = config.replaceAll("(?s).*api-keys:\\s*-\\s*\"([^\"]+)\".*", "$1");
        assertEquals(200, models(apiKey).statusCode(), "the generated API key is the one the proxy uses");
        assertEquals(401, models("wrong").statusCode());
    }

    @Test
    void anExistingConfigIsNeverRewritten() throws Exception {
        Path config = StandInConfig.write(fixture.layout, fixture.port, "# mine");
        String before = Files.readString(config);
        StartOutcome.Started started =
                assertInstanceOf(StartOutcome.Started.class, fixture.control().proxy().start());
        fixture.remember(started.pid());
        assertEquals(before, Files.readString(config));
    }

    private java.net.http.HttpResponse<String> models(String apiKey) throws Exception {
        return TestHttpClient.at("http://127.0.0.1:" + fixture.port).get("/v1/models", "Authorization", "Bearer " + apiKey);
    }
}
