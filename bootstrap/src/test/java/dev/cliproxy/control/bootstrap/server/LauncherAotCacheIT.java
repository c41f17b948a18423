package dev.cliproxy.control.bootstrap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache (Java 25 and newer), on a copy of the packaged launcher, jar and libs in a folder of its
 * own: a first start trains the cache in the background, later starts map it (seen in {@code /proc/<pid>/maps}: the
 * launcher exec's the JVM), a cache the JVM refuses is trained again, and the JVM prints nothing either way.
 */
class LauncherAotCacheIT {

    private static final long DEADLINE_SECONDS = 120;
    /** A background training on two busy cores (its JVMs run at the lowest priority). */
    private static final long TRAINING_DEADLINE_SECONDS = 900;
    private static final Path LAUNCHER_FOLDER = Path.of(System.getProperty("cliproxy.launcher")).getParent();

    @TempDir
    Path temp;
    private Path install;
    private Path ccs;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void onJava25AndLinux() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "the test sees mapped files through /proc");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". ./find-java.sh && java_major_of \"$(find_java_21)\"")
                .directory(LAUNCHER_FOLDER.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME"); // as the launcher runs below
        Process probe = builder.start();
        assertTrue(probe.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS));
        String major = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(major.matches("\\d+") && Integer.parseInt(major) >= 25,
                "the launcher's Java is 25 or newer (an AOT cache), not " + major);
    }

    @BeforeEach
    void copyOfTheInstall() throws IOException {
        install = Files.createDirectories(temp.resolve("install"));
        for (String file : List.of("cliproxy-control", "find-java.sh", "cliproxy-control.jar")) {
            Files.copy(LAUNCHER_FOLDER.resolve(file), install.resolve(file));
        }
        Files.createDirectories(install.resolve("libs"));
        try (Stream<Path> libs = Files.list(LAUNCHER_FOLDER.resolve("libs"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, install.resolve("libs").resolve(lib.getFileName()));
            }
        }
        ccs = temp.resolve("ccs");
        StandInConfig.selectPort(new CcsLayout(ccs), StandInConfig.freePort());
    }

    @AfterEach
    void stopEverything() throws Exception {
        install.toFile().setWritable(true);
        for (Process server : started) {
            server.destroyForcibly();
            server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        stopTrainer();
    }

    @Test
    void twoFirstStartsTrainOneCacheInTheBackgroundThenLaterStartsMapItAndOffIgnoresIt() throws Exception {
        Process first = start(Map.of());
        Process second = start(Map.of());
        for (Process server : List.of(first, second)) {
            Run run = answerAndStop(server);
            assertQuiet(run);
            assertEquals(List.of(), run.mapped(), "no cache yet");
        }

        Path cache = trained();
        Run cached = answerAndStop(start(Map.of()));
        assertQuiet(cached);
        assertEquals(List.of(cache), cached.mapped(), "the JVM maps the cache");
        assertEquals(0, Files.size(refusals(cache)), "the JVM reported no error about the cache");

        Run off = answerAndStop(start(Map.of("CLIPROXY_CONTROL_CDS", "off")));
        assertQuiet(off);
        assertEquals(List.of(), off.mapped());
        assertEquals(List.of(cache, refusals(cache)), launcherFiles(), "nothing else beside the jar");
    }

    @Test
    void aCacheTheJvmRefusesIsNotUsedAndTheNextStartTrainsAnother() throws Exception {
        answerAndStop(start(Map.of()));
        Path training = await(() -> launcherFiles().stream().anyMatch(LauncherAotCacheIT::isTraining),
                "a trainer at work").stream().filter(LauncherAotCacheIT::isTraining).findFirst().orElseThrow();
        // Stopped half-way as by a kill -9: its folder stays behind with its pid, which the launcher sees gone.
        stopTrainer();
        Path cache = install.resolve(training.getFileName().toString().replace(".training", ""));
        Files.writeString(cache, "not an AOT cache, the size of none");

        Run refused = answerAndStop(start(Map.of()));
        assertQuiet(refused);
        assertEquals(List.of(), refused.mapped());
        assertTrue(Files.readString(refusals(cache)).contains("error"), "the JVM's errors, kept for the next start");

        Run next = answerAndStop(start(Map.of()));
        assertQuiet(next);
        assertEquals(List.of(), next.mapped(), "the refused cache was removed, not used");
        assertEquals(cache, trained());
        Run cached = answerAndStop(start(Map.of()));
        assertQuiet(cached);
        assertEquals(List.of(cache), cached.mapped());
    }

    @Test
    void withCdsOffNothingIsTrained() throws Exception {
        Run off = answerAndStop(start(Map.of("CLIPROXY_CONTROL_CDS", "off")));
        assertQuiet(off);
        assertEquals(List.of(), off.mapped());
        assertEquals(List.of(), launcherFiles());
    }

    @Test
    void aFolderTheUserCannotWriteStartsWithoutACache() throws Exception {
        Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(install), "root writes anywhere");
        Run run = answerAndStop(start(Map.of()));
        assertQuiet(run);
        assertEquals(List.of(), run.mapped());
        assertEquals(List.of(), launcherFiles());
    }

    record Run(String out, String err, List<Path> mapped) {
    }

    private Process start(Map<String, String> variables) throws IOException {
        int index = started.size();
        ProcessBuilder builder = new ProcessBuilder(install.resolve("cliproxy-control").toString(), "--port", "0",
                "--ccs-dir", ccs.toString())
                .redirectOutput(temp.resolve("out-" + index + ".txt").toFile())
                .redirectError(temp.resolve("err-" + index + ".txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CLIPROXY_CONTROL_")
                || name.startsWith("CCS_") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        builder.environment().remove("JAVA_HOME"); // the launcher must find a JDK by itself, as for a user
        builder.environment().put("HOME", temp.resolve("home").toString());
        builder.environment().putAll(variables);
        Process server = builder.start();
        started.add(server);
        return server;
    }

    /** Waits for the first answer, notes what the JVM mapped from the install, stops it and reads its outputs. */
    private Run answerAndStop(Process server) throws Exception {
        int index = started.indexOf(server);
        Path out = temp.resolve("out-" + index + ".txt");
        await(() -> readQuietly(out).contains("\n") || !server.isAlive(), "the URL line");
        String line = readQuietly(out);
        assertTrue(server.isAlive(), "the server runs: " + line + readQuietly(temp.resolve("err-" + index + ".txt")));
        String url = line.replaceAll("(?s).*?(http://\\S+).*", "$1");
        assertEquals(200, TestHttpClient.at(url).get("/api/cliproxy/proxy-status").statusCode());
        List<Path> mapped;
        try (Stream<String> maps = Files.lines(Path.of("/proc/" + server.pid() + "/maps"))) {
            mapped = maps.map(entry -> entry.replaceAll("^\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s*", ""))
                    .filter(file -> file.startsWith(install.toString())).distinct().map(Path::of)
                    .filter(file -> !file.getFileName().toString().endsWith(".jar")).toList();
        }
        server.destroy();
        assertTrue(server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "it stops on SIGTERM");
        return new Run(readQuietly(out), readQuietly(temp.resolve("err-" + index + ".txt")), mapped);
    }

    /** The server's one line, and nothing from the JVM about class sharing on either output. */
    private static void assertQuiet(Run run) {
        assertTrue(run.out().matches("cliproxy-control listening on http://\\S+ \\(CCS directory [^\\n]+\\)\\n"),
                run.out());
        assertEquals("", run.err());
    }

    /** The cache, once the background trainer has finished. */
    private Path trained() throws Exception {
        List<Path> files = await(() -> launcherFiles().stream().noneMatch(LauncherAotCacheIT::isTraining)
                && launcherFiles().stream().anyMatch(file -> file.toString().endsWith(".aot")),
                TRAINING_DEADLINE_SECONDS, "the trainer's cache");
        List<Path> caches = files.stream().filter(file -> file.toString().endsWith(".aot")).toList();
        assertEquals(1, caches.size(), "one cache: " + files);
        return caches.getFirst();
    }

    private static boolean isTraining(Path file) {
        return file.toString().endsWith(".aot.training");
    }

    private Path refusals(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".log");
    }

    /** What the launcher keeps beside the jar (cache, refusal log, a trainer's folder), sorted. */
    private List<Path> launcherFiles() {
        try (Stream<Path> files = Files.list(install)) {
            return files.filter(file -> file.getFileName().toString().startsWith("cliproxy-control-")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Kills a trainer at work beside the jar (it runs detached from the launcher) and what it started. */
    private void stopTrainer() throws Exception {
        for (Path training : launcherFiles().stream().filter(LauncherAotCacheIT::isTraining).toList()) {
            String pid = readQuietly(training.resolve("pid")).strip();
            Optional<ProcessHandle> trainer = pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid))
                    : Optional.empty();
            if (trainer.isPresent() && trainer.get().info().commandLine().orElse("").contains(install.toString())) {
                List<ProcessHandle> tree = new ArrayList<>(trainer.get().descendants().toList());
                tree.add(trainer.get());
                tree.forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle process : tree) {
                    process.onExit().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
    }

    private List<Path> await(BooleanSupplier condition, String what) throws Exception {
        return await(condition, DEADLINE_SECONDS, what);
    }

    private List<Path> await(BooleanSupplier condition, long seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "waited " + seconds + " s for " + what + ": " + launcherFiles());
            Thread.sleep(50);
        }
        return launcherFiles();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
