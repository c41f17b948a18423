package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GetProxyStatusServiceTest {

    private static final int PORT = 8317;
    private static final Instant STARTED = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant PROCESS_START = Instant.parse("2026-01-05T09:59:59.500Z");

    private final InMemorySessionStore records = new InMemorySessionStore();
    private final Map<Long, ProcessInfo> processes = new HashMap<>();
    private volatile ProbeResult probe = ProbeResult.NO_ANSWER;
    private volatile int probes;
    private volatile int probedPort;
    /** Holds the first probe until released, when set. */
    private volatile CountDownLatch probing;
    private final CountDownLatch releaseProbe = new CountDownLatch(1);

    /** Status takes no lock and writes no config: the host's are there only to complete the ports. */
    private final InMemoryProxyHost unused = new InMemoryProxyHost(new TestClock());
    private final GetProxyStatusService service = new GetProxyStatusService(new ProxyLifecycle(
            new CcsLayout(Path.of("/nonexistent-ccs")), new ProxyPorts(new InMemoryProxySettings().port(PORT),
            records, new LookupOnly(), new CountingProbe(), unused, unused),
            ProxyTimings.defaults(Duration.ofMillis(100))));

    @Test
    void nothingRecordedAndNothingAnsweringIsNotRunning() {
        assertFalse(service.status().running());
    }

    @Test
    void aRecordWhoseProcessHasTheRecordedStartInstantIsRunning() {
        recorded(PORT, record(42, Optional.of(PROCESS_START), List.of("a", "b")));
        processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START.plusMillis(10)), Optional.of("/bin/other"), List.of()));

        ProxyStatus status = service.status();

        assertEquals(new ProxyStatus.Running(PORT, OptionalLong.of(42), 2, Optional.of(STARTED)), status);
        assertEquals(0, probes, "a verified record needs no probe");
    }

    @Test
    void aReusedPidIsNotTheProxyAndItsRecordIsRemoved() {
        recorded(PORT, record(42, Optional.of(PROCESS_START), List.of("a")));
        processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START.plusSeconds(60)),
                Optional.of("/usr/bin/cli-proxy-api"), List.of()));

        assertFalse(service.status().running());
        assertTrue(records.ports().isEmpty(), "the stale record is cleaned");
    }

    @Test
    void aRecordOfTheCliIsVerifiedByItsCommand() {
        recorded(PORT, record(7, Optional.empty(), List.of("x")));
        processes.put(7L, new ProcessInfo(7, Optional.empty(), Optional.of("/home/u/.ccs/cliproxy/bin/plus/cli-proxy-api-p"), List.of()));
        assertTrue(service.status().running());

        processes.put(7L, new ProcessInfo(7, Optional.empty(), Optional.of("/usr/bin/sleep"), List.of()));
        assertFalse(service.status().running());
        assertTrue(records.ports().isEmpty());
    }

    @Test
    void aRecordOfTheCliWhoseCommandIsHiddenIsVerifiedByThePort() {
        recorded(PORT, record(7, Optional.empty(), List.of("x")));
        processes.put(7L, new ProcessInfo(7, Optional.empty(), Optional.empty(), List.of()));
        probe = ProbeResult.PROXY;

        assertEquals(new ProxyStatus.Running(PORT, OptionalLong.of(7), 1, Optional.of(STARTED)), service.status());
    }

    @Test
    void aDeadRecordedProcessIsNotRunningButAnUnrecordedProxyOnThePortIs() {
        recorded(PORT, record(99, Optional.of(PROCESS_START), List.of()));
        probe = ProbeResult.PROXY;

        assertEquals(new ProxyStatus.Running(PORT, OptionalLong.empty(), 0, Optional.empty()), service.status());
        assertTrue(records.ports().isEmpty());
    }

    @Test
    void theStatusOfAGivenPortLooksAtThatPortsRecordAndPortNotAtTheSettingsOne() {
        recorded(9100, record(9100, 42, Optional.of(PROCESS_START), List.of("a")));
        processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START), Optional.empty(), List.of()));

        assertEquals(new ProxyStatus.Running(9100, OptionalLong.of(42), 1, Optional.of(STARTED)), service.status(9100));
        assertFalse(service.status().running(), "the settings' port has neither a record nor a proxy");
        assertEquals(PORT, probedPort);

        probe = ProbeResult.PROXY;
        assertEquals(new ProxyStatus.Running(9200, OptionalLong.empty(), 0, Optional.empty()), service.status(9200));
        assertEquals(9200, probedPort);
    }

    @Test
    void anotherProgramOnThePortIsNotTheProxy() {
        probe = ProbeResult.OTHER_PROGRAM;
        assertFalse(service.status().running());
    }

    @Test
    void aRecordOfTheCliIsVerifiedByTheConfigItWasStartedWith() {
        String config = "/nonexistent-ccs/cliproxy/config.yaml";
        String elsewhere = "/nonexistent-ccs/cliproxy/config-9000.yaml";
        for (List<String> arguments : List.of(List.of("--config", config), List.of("-config", config),
                List.of("--config=" + config), List.of("-config=" + config), List.of("-x", "--config", "config.yaml"),
                List.of("--config=./config.yaml"), List.of("--config=/nonexistent-ccs/cliproxy/../cliproxy/config.yaml"))) {
            assertEquals(true, runningWithArguments(arguments), arguments.toString());
        }
        for (List<String> arguments : List.<List<String>>of(List.of(), List.of("--config"), List.of("--config", elsewhere),
                List.of(config), List.of("--config=" + elsewhere), List.of("--configs=" + config),
                List.of("--config", "cliproxy/config.yaml"), List.of("--config", "other.yaml"),
                List.of("--config=\u0000"), List.of("--config", config.replace("ccs", "other")))) {
            assertEquals(false, runningWithArguments(arguments), arguments.toString());
        }
    }

    @Test
    void aRecordedStartInstantMatchesWithinOneSecond() {
        for (long offsetMillis : new long[] {-1000, 0, 1000}) {
            recorded(PORT, record(42, Optional.of(PROCESS_START), List.of("a")));
            processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START.plusMillis(offsetMillis)),
                    Optional.empty(), List.of()));
            assertTrue(service.status().running(), offsetMillis + " ms");
        }
        for (long offsetMillis : new long[] {-1001, 1001}) {
            recorded(PORT, record(42, Optional.of(PROCESS_START), List.of("a")));
            processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START.plusMillis(offsetMillis)),
                    Optional.empty(), List.of()));
            assertFalse(service.status().running(), offsetMillis + " ms");
        }
    }

    @Test
    void onlySessionsWhoseOwnerStillRunsAsTheSameProcessCount() {
        processes.put(42L, new ProcessInfo(42, Optional.of(PROCESS_START), Optional.empty(), List.of()));
        processes.put(50L, new ProcessInfo(50, Optional.of(PROCESS_START), Optional.empty(), List.of()));
        processes.put(51L, new ProcessInfo(51, Optional.empty(), Optional.empty(), List.of()));
        processes.put(52L, new ProcessInfo(52, Optional.of(PROCESS_START.plusSeconds(30)), Optional.empty(), List.of()));
        Map<String, SessionOwner> owners = Map.of(
                "same", new SessionOwner(50, Optional.of(PROCESS_START)),
                "start-unknown", new SessionOwner(50, Optional.empty()),
                "start-hidden", new SessionOwner(51, Optional.of(PROCESS_START)),
                "pid-reused", new SessionOwner(52, Optional.of(PROCESS_START)),
                "dead", new SessionOwner(53, Optional.of(PROCESS_START)));
        List<String> ids = List.of("cli", "same", "start-unknown", "start-hidden", "pid-reused", "dead");
        recorded(PORT, new SessionRecord(PORT, 42, ids, STARTED, Optional.empty(), Optional.of(PROCESS_START),
                Optional.empty(), owners));

        assertEquals(4, ((ProxyStatus.Running) service.status()).sessionCount(), "cli, same, start-unknown, start-hidden");
    }

    @Test
    void aSharedStatusAskedWhileAnotherLooksIsAnsweredByALookBegunAfterIt() throws Exception {
        probing = new CountDownLatch(1);
        SharedStatusService shared = new SharedStatusService(service);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ProxyStatus> before = threads.submit(shared::status);
            await(probing); // that look saw a free port; then a proxy appears on it
            probe = ProbeResult.PROXY;
            List<Future<ProxyStatus>> after = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                after.add(threads.submit(shared::status));
            }
            Await.until(() -> shared.callersJoined() == 5, "the four later callers waiting for a look");
            releaseProbe.countDown();

            assertFalse(before.get(30, TimeUnit.SECONDS).running());
            for (Future<ProxyStatus> status : after) {
                assertTrue(status.get(30, TimeUnit.SECONDS).running(), "asked after the proxy appeared");
            }
        }
        assertEquals(2, probes, "the four later callers shared one look");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean runningWithArguments(List<String> arguments) {
        recorded(PORT, record(7, Optional.empty(), List.of("x")));
        processes.put(7L, new ProcessInfo(7, Optional.empty(), Optional.of("/usr/bin/java"), arguments));
        return service.status().running();
    }

    private static SessionRecord record(long pid, Optional<Instant> processStart, List<String> sessions) {
        return record(PORT, pid, processStart, sessions);
    }

    private static SessionRecord record(int port, long pid, Optional<Instant> processStart, List<String> sessions) {
        return new SessionRecord(port, pid, sessions, STARTED, Optional.empty(), processStart, Optional.empty(), Map.of());
    }


    private void recorded(int port, SessionRecord record) {
        records.update(port, none -> Optional.of(record));
    }

    private final class CountingProbe implements ProxyApiPort {
        @Override
        public ProbeResult probe(int port, Duration timeout) {
            ProbeResult answer = probe;
            CountDownLatch held = probing;
            if (held != null && held.getCount() > 0) {
                held.countDown();
                await(releaseProbe);
            }
            probes++;
            probedPort = port;
            return answer;
        }

        @Override
        public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
            throw new UnsupportedOperationException("status never lists models");
        }
    }

    /** Status only looks processes up; it never launches or signals one. */
    private final class LookupOnly implements ProxyProcessPort {
        @Override
        public Optional<ProcessInfo> find(long pid) {
            return Optional.ofNullable(processes.get(pid));
        }

        @Override
        public ProcessInfo self() {
            return new ProcessInfo(1, Optional.empty(), Optional.empty(), List.of());
        }

        @Override
        public Launch launch(Path binary, Backend backend, int port) {
            throw new UnsupportedOperationException("status never launches");
        }

        @Override
        public Termination terminate(ProcessInfo process, Duration grace) {
            throw new AssertionError("status must never signal a process");
        }

        @Override
        public String outputTail(int port, int maxLines) {
            return "";
        }
    }
}
