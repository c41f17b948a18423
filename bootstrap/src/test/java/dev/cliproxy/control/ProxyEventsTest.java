package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /events} with the stand-in proxy as a real process: starts, session changes, a crash and a stop. */
class ProxyEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The issue asks for a crash within a second; a loaded 2-core machine gets a generous margin. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private EventStream events;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp).config();
        control = fixture.control();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        http = TestHttpClient.at(server.uri() + "/api/cliproxy");
        events = new EventStream(http);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (events != null) {
            events.close();
        }
        fixture.cleanUp();
    }

    @Test
    void startsSessionChangesACrashAndAStopAreAnnounced() throws Exception {
        EventStream.Event first = next();
        assertEquals("status", first.name());
        assertEquals("{\"type\":\"status\",\"running\":false}", first.data().toString());

        long pid = fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        EventStream.Event started = next();
        assertEquals("started", started.name());
        assertEquals(pid, started.data().get("pid").asLong());
        assertEquals(fixture.port, started.data().get("port").asInt());
        assertEquals(1, started.data().get("sessionCount").asInt());

        // Another program (the ccs CLI) registers a session by rewriting sessions.json.
        addSessionAsAnotherProcess("cli-session-1");
        EventStream.Event sessions = next();
        assertEquals("sessions-changed", sessions.name());
        assertEquals(2, sessions.data().get("sessionCount").asInt());

        ProcessHandle proxy = ProcessHandle.of(pid).orElseThrow();
        long killed = System.nanoTime();
        proxy.destroyForcibly(); // SIGKILL: no chance to clean anything up
        EventStream.Event crashed = next();
        long latencyMillis = (crashed.receivedNanos() - killed) / 1_000_000;
        System.out.println("crash reported " + latencyMillis + " ms after SIGKILL");
        assertEquals("crashed", crashed.name());
        assertEquals("{\"type\":\"crashed\",\"running\":false}", crashed.data().toString());

        long second = fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        assertEquals("started", next().name());
        HttpResponse<String> stop = http.post("/proxy-stop");
        assertTrue(stop.body().contains("\"pid\":" + second), stop.body());
        EventStream.Event stopped = next();
        assertEquals("stopped", stopped.name());
        assertEquals(false, stopped.data().get("running").asBoolean());
    }

    @Test
    void theFacadeWatchesTooAndTheWatcherStopsWhenEveryoneHasLeft() throws Exception {
        assertEquals("status", next().name());
        events.close(); // the HTTP client leaves; the server notices at its next write

        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        ProxyOperations.Watch watch = control.proxy().watch(changes::add);
        try {
            assertEquals(ProxyStatusChange.Kind.CURRENT, changes.poll(30, TimeUnit.SECONDS).kind());
            fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
            ProxyStatusChange started = changes.poll(30, TimeUnit.SECONDS);
            assertNotNull(started);
            assertEquals(ProxyStatusChange.Kind.STARTED, started.kind());
        } finally {
            watch.close();
        }
        WatchProxyStatusService watcher = (WatchProxyStatusService) control.api().process().events();
        Await.until(() -> !watcher.watching(), "the watcher to stop once its subscribers left");
    }

    private EventStream.Event next() throws InterruptedException {
        return events.next(GENEROUS.multipliedBy(3));
    }

    private void addSessionAsAnotherProcess(String id) throws Exception {
        Path file = fixture.layout.sessionsFile(fixture.port);
        ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
        ((ArrayNode) record.get("sessions")).add(id);
        Path next = file.resolveSibling(file.getFileName() + ".cli-tmp");
        Files.writeString(next, JSON.writeValueAsString(record));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
