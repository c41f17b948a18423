package dev.cliproxy.control.bootstrap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged launcher and jar, run as a user runs them. */
class StandaloneServerIT {

    private static final Pattern URL = Pattern.compile("http://[^\\s]+");
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path ccs;
    @TempDir
    Path scratch;

    @Test
    void startsOnAnEmptyCcsDirectoryAnswersAndStopsOnSigterm() throws Exception {
        // Empty but for the ccs settings' port: this machine may run a proxy on 8317 (as the tests themselves do).
        StandInConfig.selectPort(new CcsLayout(ccs), StandInConfig.freePort());
        Process server = launch("--port", "0", "--ccs-dir", ccs.toString(), "--access-log");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            Matcher url = URL.matcher(line);
            assertTrue(url.find(), "the first line names the URL: " + line);

            HttpResponse<String> status = TestHttpClient.at(url.group()).get("/api/cliproxy/proxy-status");
            assertEquals(200, status.statusCode());
            assertEquals("{\"running\":false}", status.body());
            // The dashboard page, served from the jar (the tests of the page itself run on the classes folder).
            HttpResponse<String> page = TestHttpClient.at(url.group()).get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script type=\"module\" src=\"/assets/app.js\">"), page.body());
            assertEquals(200, TestHttpClient.at(url.group()).get("/assets/app.js").statusCode());
            long logDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (!stderr().contains("GET /api/cliproxy/proxy-status 200 ") && System.nanoTime() < logDeadline) {
                Thread.sleep(20);
            }
            assertTrue(stderr().lines().anyMatch(logged -> logged.matches(
                    "\\S+ GET /api/cliproxy/proxy-status 200 \\d+\\.\\d{3} ms")), "one access-log line: " + stderr());

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "the server stops on SIGTERM");
            assertEquals(143, server.exitValue(), "the JVM's conventional exit status after SIGTERM");
            String err = stderr();
            assertTrue(!err.contains("Exception"), "a clean stop prints no stack trace: " + err);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void withoutCcsDirOrCcsHomeTheCcsDirectoryIsThatOfTheEnvironmentsHome() throws Exception {
        Path home = scratch.resolve("home");
        StandInConfig.selectPort(new CcsLayout(home.resolve(".ccs")), StandInConfig.freePort());
        ProcessBuilder builder = launcher("--port", "0");
        builder.environment().keySet()
                .removeIf(name -> name.startsWith("CCS_") || name.startsWith("CLIPROXY_CONTROL_"));
        builder.environment().put("HOME", home.toString());
        Process server = builder.start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            assertTrue(line.endsWith("(CCS directory " + home.resolve(".ccs") + ")"),
                    "the $HOME of the environment, not the JVM's user.home: " + line);
            Matcher url = URL.matcher(line);
            assertTrue(url.find(), line);
            HttpResponse<String> status = TestHttpClient.at(url.group()).get("/api/cliproxy/proxy-status");
            assertEquals("{\"running\":false}", status.body(), "the port of that directory's settings");
        } finally {
            server.destroyForcibly();
            server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSuperviseFlagOrEnvironmentTurnsSupervisionOnWhateverTheSettingsFileSays() throws Exception {
        StandInConfig.selectPort(new CcsLayout(ccs), StandInConfig.freePort());
        ProcessBuilder byEnvironment = launcher("--port", "0", "--ccs-dir", ccs.toString());
        byEnvironment.environment().put("CLIPROXY_CONTROL_SUPERVISE", "true");
        ProcessBuilder neither = launcher("--port", "0", "--ccs-dir", ccs.toString());
        neither.environment().remove("CLIPROXY_CONTROL_SUPERVISE");
        for (ProcessBuilder builder : List.of(launcher("--port", "0", "--ccs-dir", ccs.toString(), "--supervise"),
                byEnvironment, neither)) {
            boolean expected = builder != neither;
            Process server = builder.start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> readLine(out))
                        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                Matcher url = URL.matcher(line);
                assertTrue(url.find(), line);
                TestHttpClient http = TestHttpClient.at(url.group());
                // The supervisor's first check comes a quarter of a second after the start.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
                String status = http.get("/api/cliproxy/proxy-status").body();
                while (expected && !status.contains("\"supervised\":true") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    status = http.get("/api/cliproxy/proxy-status").body();
                }
                assertEquals(expected ? "{\"running\":false,\"supervised\":true,\"restarts\":0,\"crashLoop\":false}"
                        : "{\"running\":false}", status, String.join(" ", builder.command()));
            } finally {
                server.destroyForcibly();
                server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBadFlagPrintsTheUsageAndExitsNonZero() throws Exception {
        Process server = launch("--no-such-flag");
        try {
            assertTrue(server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS));
            String err = stderr();
            assertEquals(2, server.exitValue());
            assertTrue(err.contains("unknown option '--no-such-flag'"), err);
            assertTrue(err.contains("Usage: cliproxy-control"), err);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aNonLoopbackHostWithoutATokenIsRefused() throws Exception {
        Process server = launch("--host", "0.0.0.0", "--port", "0", "--ccs-dir", ccs.toString());
        try {
            assertTrue(server.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS));
            String err = stderr();
            assertEquals(1, server.exitValue());
            assertTrue(err.contains("an access token is required"), err);
        } finally {
            server.destroyForcibly();
        }
    }

    private String stderr() throws IOException {
        return Files.readString(scratch.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private Process launch(String... args) throws IOException {
        return launcher(args).start();
    }

    private ProcessBuilder launcher(String... args) {
        Path launcher = Path.of(System.getProperty("cliproxy.launcher"));
        assertTrue(Files.isExecutable(launcher), "the launcher is built and executable: " + launcher);
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME"); // the launcher must find a JDK 21+ by itself
        // A file, not a pipe: destroy() closes the pipes, and the output is wanted after the process ends.
        builder.redirectError(scratch.resolve("stderr.txt").toFile());
        return builder;
    }

    private static String readLine(BufferedReader reader) {
        try {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }
}
