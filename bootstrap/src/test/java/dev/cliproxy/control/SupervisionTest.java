package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision of a real process (the stand-in proxy): a SIGKILL'd proxy comes back, a stopped one stays stopped
 * whoever stopped it (this server, another one, the {@code ccs} CLI), two supervising servers in two processes
 * start one proxy, and a binary that exits at once ends in a crash loop. Small crash counts and delays come from the
 * control settings, as a user would set them. Prints the time from the SIGKILL to the proxy answering again.
 */
class SupervisionTest {

    /**
     * Two crashes allowed in the window; tries after 100 ms, then 200 ms. {@code -Dsupervision.initialBackoff=1s}
     * measures with the default delay ({@code bootstrap/benchmark/supervision.sh}).
     */
    private static final String INITIAL = System.getProperty("supervision.initialBackoff", "100ms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ControlSettings QUICK = ControlSettings.fromTree(Map.of("supervision", Map.of(
            "enabled", true, "maxCrashes", 2, "crashWindow", "10m", "initialBackoff", INITIAL,
            "maxBackoff", "60s")));

    @TempDir
    Path temp;

    @Test
    void aKilledProxyComesBackAndAStoppedOneStaysStopped() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try {
            CliProxyControl control = fixture.control();
            control.controlSettings().update(QUICK, new WritePrecondition.Unconditional());
            List<String> events = new CopyOnWriteArrayList<>();
            try (ProxyOperations.Watch watch = control.proxy().watch(change -> events.add(change.kind().id()))) {
                long first = fixture.remember(
                        assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
                Await.until(() -> control.supervision().status().supervised(), "supervision on");
                Await.until(() -> events.contains("started"), "the start seen");

                long killedAt = System.nanoTime();
                ProcessHandle.of(first).orElseThrow().destroyForcibly();
                // One status read: two could see the old proxy running, then none.
                Await.until(() -> {
                    long pid = pid(control);
                    return pid != -1 && pid != first;
                }, StandInFixture.WAIT,
                        "the killed proxy back");
                long millis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
                System.out.println("supervision: SIGKILL to ready again in " + millis + " ms (initial backoff "
                        + INITIAL + ")");
                long second = fixture.remember(pid(control));
                assertNotEquals(first, second);
                // The supervisor counts the restart once its start has returned, a moment after the proxy answers.
                Await.until(() -> control.supervision().status().restarts() == 1, "the restart counted");
                SupervisionStatus state = control.supervision().status();
                assertTrue(state.lastCrashAt().isPresent());
                Await.until(() -> events.containsAll(List.of("crashed", "restarting", "restarted")),
                        "the supervisor's events: " + events);

                assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());
                assertStaysStopped(control);
                assertEquals(1, control.supervision().status().restarts());
            }
        } finally {
            fixture.cleanUp();
        }
    }

    @Test
    void aBinaryThatExitsAtOnceEndsInACrashLoopWithItsLastOutput() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try {
            CliProxyControl control = fixture.track(fixture.builder().supervise(true).build());
            control.controlSettings().update(QUICK.withSupervision(QUICK.supervision().withEnabled(false)),
                    new WritePrecondition.Unconditional());
            List<ProxyStatusChange> events = new CopyOnWriteArrayList<>();
            try (ProxyOperations.Watch watch = control.proxy().watch(events::add)) {
                long first = fixture.remember(
                        assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
                Await.until(() -> control.supervision().status().supervised(), "supervision forced on");
                // From now on the binary fails at once, as a broken upgrade or config would make it.
                StandInConfig.write(fixture.layout, fixture.port, "stand-in-exit-code: 1");
                ProcessHandle.of(first).orElseThrow().destroyForcibly();

                Await.until(() -> control.supervision().status().crashLoop().isPresent(), StandInFixture.WAIT,
                        "a crash loop");
                String output = control.supervision().status().crashLoop().orElseThrow();
                assertTrue(output.contains("told to exit at once with code 1"), output);
                assertEquals(0, control.supervision().status().restarts());
                Await.until(() -> events.stream().anyMatch(e -> e.kind() == ProxyStatusChange.Kind.CRASH_LOOP),
                        "the crash-loop event");
                assertEquals(2, events.stream().filter(e -> e.kind() == ProxyStatusChange.Kind.RESTARTING).count(),
                        "maxCrashes tries");
                assertFalse(running(control));
            }
        } finally {
            fixture.cleanUp();
        }
    }

    @Test
    void aStopByAnotherControlServerOrByTheCcsCliIsNeverUndone() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try {
            CliProxyControl supervising = fixture.control();
            supervising.controlSettings().update(QUICK, new WritePrecondition.Unconditional());
            CliProxyControl other = fixture.control();
            List<String> events = new CopyOnWriteArrayList<>();
            try (ProxyOperations.Watch watch = supervising.proxy().watch(change -> events.add(change.kind().id()))) {
                Await.until(() -> supervising.supervision().status().supervised(), "supervision on");
                fixture.remember(assertInstanceOf(StartOutcome.Started.class, supervising.proxy().start()).pid());
                Await.until(() -> events.contains("started"), "the start seen");
                assertInstanceOf(StopOutcome.Stopped.class, other.proxy().stop());
                assertStaysStopped(supervising);

                fixture.remember(assertInstanceOf(StartOutcome.Started.class, other.proxy().start()).pid());
                Await.until(() -> running(supervising), "the proxy started by the other server seen");
                CcsCliStop.stop(fixture.layout.sessionsFile(fixture.port));
                assertStaysStopped(supervising);
                assertEquals(0, supervising.supervision().status().restarts());
                assertFalse(events.contains("restarting"), "no stop was taken for a crash: " + events);
            }
        } finally {
            fixture.cleanUp();
        }
    }

    @Test
    void twoSupervisingServersInTwoProcessesStartOneProxyAfterACrash() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        Process other = null;
        try {
            CliProxyControl control = fixture.control();
            control.controlSettings().update(QUICK, new WritePrecondition.Unconditional());
            other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    SupervisorProcessMain.class.getName(), fixture.layout.ccsDirectory().toString(),
                    fixture.binary.toString())
                    .redirectError(temp.resolve("other.err").toFile()).start();
            List<String> told = new CopyOnWriteArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(told::add));
            Await.until(() -> told.contains("supervising") && control.supervision().status().supervised(),
                    StandInFixture.WAIT, "both supervise");
            long crashed = fixture.remember(
                    assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());

            ProcessHandle.of(crashed).orElseThrow().destroyForcibly();
            // One look per poll: the killed proxy may still be seen alive by one look and gone by the next.
            long[] seen = {-1};
            Await.until(() -> {
                seen[0] = pid(control);
                return seen[0] != -1 && seen[0] != crashed;
            }, StandInFixture.WAIT, "the proxy started again");
            long restarted = fixture.remember(seen[0]);
            // Several checks and more than the longest delay later: still that one proxy, started once.
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                assertEquals(restarted, pid(control));
                Thread.sleep(100);
            }
            long theirs = told.stream().filter(line -> line.startsWith("restarted ")).count();
            assertEquals(1, control.supervision().status().restarts() + theirs, "one restart in all: " + told);
            assertEquals(List.of(restarted), fixture.proxyProcesses().stream().map(ProcessHandle::pid).toList(),
                    "one proxy process for the directory");
        } finally {
            if (other != null) {
                other.destroyForcibly();
                other.waitFor(30, TimeUnit.SECONDS);
            }
            fixture.cleanUp();
        }
    }

    @Test
    void overHttpTheStatusAndEventsTellTheCrashAndTheRestart() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try {
            CliProxyControl control = fixture.control();
            control.controlSettings().update(QUICK, new WritePrecondition.Unconditional());
            HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
            TestHttpClient http = TestHttpClient.at(server.uri() + "/api/cliproxy");
            try (EventStream events = new EventStream(http)) {
                long first = fixture.remember(
                        assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
                Await.until(() -> control.supervision().status().supervised(), "supervision on");
                ProcessHandle.of(first).orElseThrow().destroyForcibly();

                Map<String, JsonNode> seen = new HashMap<>();
                while (!seen.containsKey("restarted")) {
                    EventStream.Event event = events.next(StandInFixture.WAIT);
                    seen.put(event.name(), event.data());
                }
                JsonNode restarting = seen.get("restarting");
                assertEquals(1, restarting.get("attempt").asInt(), restarting.toString());
                assertEquals(100, restarting.get("delayMs").asLong(), restarting.toString());
                assertTrue(restarting.get("supervised").asBoolean());
                JsonNode restarted = seen.get("restarted");
                assertTrue(restarted.get("running").asBoolean(), restarted.toString());
                assertEquals(1, restarted.get("restarts").asInt(), restarted.toString());
                fixture.remember(restarted.get("pid").asLong());

                JsonNode status = JSON.readTree(http.get("/proxy-status").body());
                assertTrue(status.get("running").asBoolean(), status.toString());
                assertTrue(status.get("supervised").asBoolean());
                assertEquals(1, status.get("restarts").asInt());
                assertEquals(restarting.get("lastCrashAt").asLong(), status.get("lastCrashAt").asLong());
                assertFalse(status.get("crashLoop").asBoolean());
            }
        } finally {
            fixture.cleanUp();
        }
    }

    /** Several checks and more than the longest delay pass: nothing starts it again. */
    private static void assertStaysStopped(CliProxyControl control) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            assertFalse(running(control), "a stopped proxy stays stopped");
            Thread.sleep(100);
        }
    }

    private static boolean running(CliProxyControl control) {
        return control.proxy().status() instanceof ProxyStatus.Running;
    }

    private static long pid(CliProxyControl control) {
        return control.proxy().status() instanceof ProxyStatus.Running r && r.pid().isPresent()
                ? r.pid().getAsLong() : -1;
    }
}
