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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
        HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                HttpRequest.newBuilder(URI.create(server.uri() + "/api/cliproxy/proxy-restart"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

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
        assertEquals("{\"running\":false}", call(server, "GET", "/status").body());

        HttpResponse<String> restarted = call(server, "POST", "/restart");

        assertEquals(200, restarted.statusCode(), restarted.body());
        assertEquals("{\"success\":true,\"port\":" + fixture.port + "}", restarted.body());
        long first = fixture.recordedPid().orElseThrow();
        assertEquals("{\"running\":true}", call(server, "GET", "/status").body());

        assertEquals("{\"success\":true,\"port\":" + fixture.port + "}", call(server, "POST", "/restart").body());
        long second = fixture.recordedPid().orElseThrow();
        assertNotEquals(first, second, "a restart replaces the process");
        assertFalse(alive(first));
        assertEquals(405, call(server, "DELETE", "/restart").statusCode());
        assertEquals(405, call(server, "POST", "/status").statusCode());
    }

    @Test
    void theDashboardPagesRestartSaysWhyWhenNoProxyCouldStart() throws Exception {
        CliProxyControl broken = fixture.track(fixture.builder().proxyBinary(temp.resolve("no-such-binary")).build());
        HttpServerHandle server = broken.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));

        HttpResponse<String> restarted = call(server, "POST", "/restart");

        assertEquals(200, restarted.statusCode(), restarted.body());
        JsonNode body = JSON.readTree(restarted.body());
        assertEquals(List.of("success", "error"), fieldNames(body));
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("error").asText().contains("not found") || body.get("error").asText().contains("binary"),
                body.toString());
        assertEquals("{\"running\":false}", call(server, "GET", "/status").body());
    }

    private static HttpResponse<String> call(HttpServerHandle server, String method, String path) throws Exception {
        return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                HttpRequest.newBuilder(URI.create(server.uri() + "/api/cliproxy" + path))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
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
