package com.example.embedder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example against a real process: the testkit's stand-in proxy installed as the CCS directory's proxy binary,
 * on a port the OS chose (a real proxy may already serve 8317 on this machine).
 */
class EmbeddingExampleTest {

    private static final String ERROR_LOG = "error-v1-chat-completions-2026-01-02T030405.log";

    @TempDir
    Path ccs;
    private CcsLayout layout;
    private int port;

    @BeforeEach
    void standInProxyOnAFreePort() throws Exception {
        layout = new CcsLayout(ccs);
        port = StandInConfig.freePort();
        StandInConfig.selectPort(layout, port);               // <ccs>/config.yaml: cliproxy_server.local.port
        StandInLauncher.install(layout.binaryDirectory(Backend.ORIGINAL)); // the default proxy binary
        Files.createDirectories(layout.logsDirectory());
        Files.writeString(layout.logsDirectory().resolve(ERROR_LOG), "=== REQUEST BODY ===\n"
                + "{\"model\":\"gemini-2.5-pro\",\"messages\":[]}\n\n=== RESPONSE ===\nStatus: 429\n\n{}\n");
    }

    @AfterEach
    void noProxyLeftRunning() {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).build()) {
            if (control.proxy().status() instanceof ProxyStatus.Running running) {
                // The handle knows the process's start time, so a PID reused meanwhile is never killed.
                var process = running.pid().stream().boxed().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
                control.proxy().stop();
                process.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void startsTheProxyListsItsErrorLogsServesTheApiAndStopsIt() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EmbeddingExample.run(ccs, new PrintStream(printed, true, UTF_8));

        String output = printed.toString(UTF_8);
        Matcher started = Pattern.compile("started, pid (\\d+)").matcher(output);
        assertTrue(started.find(), output);
        assertTrue(output.contains(ERROR_LOG + ": HTTP 429, model gemini-2.5-pro"), output);
        assertTrue(Pattern.compile("API at http://127\\.0\\.0\\.1:\\d+/api/cliproxy/proxy-status").matcher(output).find(),
                output);
        assertTrue(output.contains("Stopped[port=" + port + ", pid=" + started.group(1)), output);
        assertFalse(ProcessHandle.of(Long.parseLong(started.group(1))).map(ProcessHandle::isAlive).orElse(false),
                "the stand-in has exited");
    }

    @Test
    void theEmbeddedApiReportsTheRunningProxy() throws Exception {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs)
                .startupTimeout(Duration.ofSeconds(30)).build()) {
            StartOutcome start = control.proxy().start();
            assertTrue(start instanceof StartOutcome.Started, start.toString());
            try (HttpServerHandle http = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
                HttpResponse<String> status = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                        .send(HttpRequest.newBuilder(URI.create(http.uri() + "/api/cliproxy/proxy-status")).build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, status.statusCode());
                assertTrue(status.body().contains("\"running\":true"), status.body());
                assertTrue(status.body().contains("\"port\":" + port), status.body());
            } finally {
                control.proxy().stop();
            }
        }
    }
}
