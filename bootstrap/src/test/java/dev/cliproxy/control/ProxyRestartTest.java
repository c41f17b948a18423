package dev.cliproxy.control;

import static dev.cliproxy.control.StandInFixture.alive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /proxy-restart}, the dashboard page's {@code POST /restart} and {@code GET /status}, and
 * {@code control.proxy().restart()}, with the stand-in proxy as a real process.
 */
class ProxyRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private CliProxyControl control;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp).config();
        control = fixture.control();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.cleanUp();
    }

    @Test
    void restartOverHttpReportsBothStepsAndKeepsTheRegisteredSessions() throws Exception {
        long before = fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        SessionOperations.Handle session = control.sessions().open();
        List<String> sessionsBefore = sessions();
        assertEquals(2, sessionsBefore.size(), "the start's own session and an embedder's");

        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        HttpResponse<String> response = api(server).post("/proxy-restart");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("{\"stopped\":true,\"pid\":" + before + ",\"sessionCount\":2}", body.get("stopped").toString());
        assertEquals("{\"started\":true,\"alreadyRunning\":false,\"port\":" + fixture.port + "}",
                body.get("started").toString());
        long after = fixture.recordedPid().orElseThrow();
        assertNotEquals(before, after);
        assertFalse(alive(before), "the old process is gone");
        assertEquals(sessionsBefore, sessions(), "the same session ids, now with the new process");
        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        assertEquals(after, running.pid().getAsLong());
        assertEquals(2, running.sessionCount());

        session.close();
        assertTrue(alive(after), "the start's own session still holds the restarted proxy");
    }

    @Test
    void restartWhenNothingRunsSaysSoAndStarts() throws Exception {
        RestartOutcome outcome = control.proxy().restart();

        StopOutcome.NotStopped notStopped = assertInstanceOf(StopOutcome.NotStopped.class, outcome.stopped());
        assertTrue(notStopped.reason().contains("not running"), notStopped.reason());
        long pid = fixture.remember(assertInstanceOf(StartOutcome.Started.class, outcome.started()).pid());
        assertEquals(1, sessions().size(), "a plain start's own session");
        assertEquals(pid, ((ProxyStatus.Running) control.proxy().status()).pid().getAsLong());
    }

    /** The Node dashboard's own page polls {@code GET /status} and restarts with {@code POST /restart}. */
    @Test
    void theDashboardPagesStatusAndRestartRoutesDriveTheSameOperations() throws Exception {
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        assertEquals("{\"running\":false}", api(server).send("GET", "/status", null).body());

        HttpResponse<String> restarted = api(server).send("POST", "/restart", null);

        assertEquals(200, restarted.statusCode(), restarted.body());
        assertEquals("{\"success\":true,\"port\":" + fixture.port + "}", restarted.body());
        long first = fixture.recordedPid().orElseThrow();
        assertEquals("{\"running\":true}", api(server).send("GET", "/status", null).body());

        assertEquals("{\"success\":true,\"port\":" + fixture.port + "}", api(server).send("POST", "/restart", null).body());
        long second = fixture.recordedPid().orElseThrow();
        assertNotEquals(first, second, "a restart replaces the process");
        assertFalse(alive(first));
        assertEquals(405, api(server).send("DELETE", "/restart", null).statusCode());
        assertEquals(405, api(server).send("POST", "/status", null).statusCode());
    }

    @Test
    void theDashboardPagesRestartSaysWhyWhenNoProxyCouldStart() throws Exception {
        CliProxyControl broken = fixture.track(fixture.builder().proxyBinary(temp.resolve("no-such-binary")).build());
        HttpServerHandle server = broken.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));

        HttpResponse<String> restarted = api(server).send("POST", "/restart", null);

        assertEquals(200, restarted.statusCode(), restarted.body());
        JsonNode body = JSON.readTree(restarted.body());
        assertEquals(List.of("success", "error"), fieldNames(body));
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("error").asText().contains("not found") || body.get("error").asText().contains("binary"),
                body.toString());
        assertEquals("{\"running\":false}", api(server).send("GET", "/status", null).body());
    }

    private static TestHttpClient api(HttpServerHandle server) {
        return TestHttpClient.at(server.uri() + "/api/cliproxy");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<String> sessions() throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(fixture.layout.sessionsFile(fixture.port).toFile()).get("sessions")
                .forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
