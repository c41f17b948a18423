package dev.cliproxy.control;

import static dev.cliproxy.control.StandInFixture.alive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One proxy per port, however many starts race: threads of one JVM, and separate JVMs. */
class ConcurrentStartTest {

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private final List<Process> jvms = new ArrayList<>();
    private final Map<Process, BufferedReader> readers = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp).config();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process jvm : jvms) {
            jvm.destroyForcibly();
            jvm.waitFor();
        }
        fixture.cleanUp();
    }

    @Test
    void tenThreadsStartOneProxy() throws Exception {
        CliProxyControl control = fixture.control();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StartOutcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return control.proxy().start();
                }));
            }
            go.countDown();
            List<StartOutcome> outcomes = new ArrayList<>();
            for (Future<StartOutcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            List<String> lines = outcomes.stream().map(ControlProcessMain::describe).toList();
            assertOneProxy(lines);
        }
    }

    @Test
    void twoJvmsWithTenThreadsEachStartOneProxy() throws Exception {
        Path goFile = temp.resolve("go");
        Process first = controlJvm("start", 10, goFile);
        Process second = controlJvm("start", 10, goFile);
        awaitReady(first);
        awaitReady(second);
        Files.createFile(goFile);

        List<String> lines = new ArrayList<>(outcomes(first));
        lines.addAll(outcomes(second));

        assertEquals(20, lines.size(), lines.toString());
        long pid = assertOneProxy(lines);
        assertTrue(alive(pid), "the proxy outlives the JVMs that started it");
    }

    @Test
    void aControlServerRestartedWhileTheProxyRunsStillReportsAndStopsIt() throws Exception {
        Path goFile = Files.createFile(temp.resolve("go"));
        Process earlier = controlJvm("start", 1, goFile);
        awaitReady(earlier);
        List<String> lines = outcomes(earlier);
        assertEquals(0, earlier.waitFor(), "the earlier control program has exited");
        long pid = Long.parseLong(lines.getFirst().split(" ")[1]);
        fixture.remember(pid);
        assertTrue(lines.getFirst().startsWith("Started"), lines.toString());
        assertTrue(alive(pid), "stopping the control program does not stop the proxy");

        CliProxyControl restarted = fixture.control();
        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, restarted.proxy().status());
        assertEquals(pid, running.pid().getAsLong());

        StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, restarted.proxy().stop());
        assertEquals(pid, stopped.pid());
        assertFalse(alive(pid));
    }

    /** Exactly one Started, every other AlreadyRunning, all naming the same PID; returns it. */
    private long assertOneProxy(List<String> lines) throws IOException {
        Set<String> pids = new HashSet<>();
        long started = 0;
        for (String line : lines) {
            String[] words = line.split(" ");
            assertTrue(words[0].equals("Started") || words[0].equals("AlreadyRunning"), line);
            started += words[0].equals("Started") ? 1 : 0;
            pids.add(words[1]);
        }
        assertEquals(1, started, lines.toString());
        assertEquals(1, pids.size(), lines.toString());
        long pid = fixture.remember(Long.parseLong(pids.iterator().next()));
        assertEquals(pid, fixture.recordedPid().orElseThrow());
        return pid;
    }

    private Process controlJvm(String action, int threads, Path goFile) throws IOException {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ControlProcessMain.class.getName(),
                fixture.layout.ccsDirectory().toString(), fixture.binary.toString(), action,
                Integer.toString(threads), goFile.toString())
                .redirectError(temp.resolve("jvm-" + jvms.size() + ".err").toFile())
                .start();
        jvms.add(jvm);
        return jvm;
    }

    private void awaitReady(Process jvm) throws IOException {
        BufferedReader out = reader(jvm);
        String line = out.readLine();
        assertEquals("ready", line, "the control JVM did not start");
    }

    private List<String> outcomes(Process jvm) throws IOException, InterruptedException {
        List<String> lines = reader(jvm).lines().toList();
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS));
        return lines;
    }

    private BufferedReader reader(Process jvm) {
        return readers.computeIfAbsent(jvm,
                p -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }
}
