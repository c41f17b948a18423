package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent callers share one look at the proxy, yet none is ever answered by a look older than its call: while
 * several threads poll the status without pause, a real stand-in proxy that is killed, or that starts on the port
 * without any record, is reported by every call made after the test saw it happen.
 */
class ProxyStatusFreshnessTest {

    private static final int POLLERS = 6;

    @TempDir
    Path temp;
    private StandInFixture fixture;

    /** One status call: when it was asked (nanoTime) and what it answered. */
    private record Call(long asked, ProxyStatus status) {
    }

    @BeforeEach
    void setUp() throws IOException {
        fixture = new StandInFixture(temp).config();
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.cleanUp();
    }

    @Test
    void aKilledProxyIsStoppedForEveryCallAfterItsExit() throws Exception {
        CliProxyControl control = fixture.control();
        StartOutcome.Started started = assertInstanceOf(StartOutcome.Started.class, control.proxy().start());
        ProcessHandle proxy = ProcessHandle.of(fixture.remember(started.pid())).orElseThrow();

        List<Call> calls = pollWhile(control, () -> {
            proxy.destroyForcibly();
            StandInFixture.awaitExit(proxy);
        });

        assertEveryCallAfter(calls, "its exit", status -> !status.running());
    }

    @Test
    void anUnrecordedProxyIsRunningForEveryCallAfterItFirstAnswered() throws Exception {
        StandInConfig.selectPort(fixture.layout, fixture.port);
        CliProxyControl control = fixture.control();
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());

        List<Call> calls = pollWhile(control, () -> {
            // Started by hand, as a user might: no session record names it.
            Process proxy = new ProcessBuilder(fixture.binary.toString(), "--config",
                    fixture.layout.proxyConfigFile(fixture.port).toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("by-hand.log").toFile()).start();
            fixture.remember(proxy.pid());
            Await.until(() -> healthy(fixture.port), "the stand-in to answer its health check");
        });

        assertEveryCallAfter(calls, "its first health answer", status -> status instanceof ProxyStatus.Running r
                && r.pid().isEmpty());
    }

    /**
     * Polls from several threads, does {@code change} once a call has answered (which returns once the test has seen
     * it happen), notes that instant, polls a while longer and returns every call with the instant the change was
     * seen as its last entry.
     */
    private List<Call> pollWhile(CliProxyControl control, Change change) throws Exception {
        AtomicBoolean polling = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        long seen;
        try (ExecutorService pollers = Executors.newFixedThreadPool(POLLERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < POLLERS; i++) {
                running.add(pollers.submit(() -> {
                    while (polling.get()) {
                        long asked = System.nanoTime();
                        calls.add(new Call(asked, control.proxy().status()));
                    }
                }));
            }
            // A call answered before the change: the state before it is seen (pollers not yet running when a busy
            // machine lets the change happen first would leave nothing to compare with).
            Await.until(() -> !calls.isEmpty(), "a call answered before the change");
            change.happen();
            seen = System.nanoTime();
            long until = seen + Duration.ofMillis(500).toNanos();
            Await.until(() -> System.nanoTime() > until && calls.stream().filter(c -> c.asked() > seen).count() > 50,
                    "calls after the change");
            polling.set(false);
            for (Future<?> poller : running) {
                poller.get(30, TimeUnit.SECONDS);
            }
        }
        List<Call> all = new ArrayList<>(calls);
        all.add(new Call(seen, null));
        return all;
    }

    private static void assertEveryCallAfter(List<Call> calls, String what,
                                             Predicate<ProxyStatus> expected) {
        long seen = calls.getLast().asked();
        List<Call> after = calls.subList(0, calls.size() - 1).stream().filter(call -> call.asked() > seen).toList();
        assertTrue(after.size() > 50, "enough calls after " + what + ": " + after.size());
        List<ProxyStatus> wrong = after.stream().map(Call::status).filter(expected.negate()).toList();
        assertEquals(List.of(), wrong, "calls made after " + what + " answered otherwise");
        assertTrue(calls.subList(0, calls.size() - 1).stream().anyMatch(call -> call.asked() < seen
                && !expected.test(call.status())), "the state before " + what + " was seen too");
    }

    private static boolean healthy(int port) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @FunctionalInterface
    private interface Change {
        void happen() throws Exception;
    }
}
