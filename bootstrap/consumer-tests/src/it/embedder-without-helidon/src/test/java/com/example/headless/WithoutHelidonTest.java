package com.example.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade with Helidon excluded: everything but serveHttp works, and serveHttp says what is missing. */
class WithoutHelidonTest {

    @TempDir
    Path ccs;

    @Test
    void helidonIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.helidon.webserver.WebServer"));
    }

    @Test
    void theFacadeStartsTheProxyReadsItsErrorLogsAndStopsIt() throws Exception {
        CcsLayout layout = new CcsLayout(ccs);
        int port = StandInConfig.freePort();                   // a real proxy may already serve 8317 here
        StandInConfig.selectPort(layout, port);
        StandInLauncher.install(layout.binaryDirectory(Backend.ORIGINAL));
        Files.createDirectories(layout.logsDirectory());
        Files.writeString(layout.logsDirectory().resolve("error-v1-messages-2026-01-02T030405.log"),
                "=== REQUEST BODY ===\n{\"model\":\"claude-sonnet-4\"}\n\n=== RESPONSE ===\nStatus: 502\n");

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs)
                .startupTimeout(Duration.ofSeconds(30)).build()) {
            StartOutcome start = control.proxy().start();
            try {
                assertTrue(start instanceof StartOutcome.Started, start.toString());
                assertTrue(control.proxy().status().running());
                List<ErrorLogEntry> logs = control.errorLogs().list();
                assertEquals(1, logs.size());
                assertEquals(502, logs.get(0).metadata().statusCode().orElseThrow());
                assertEquals("claude-sonnet-4", logs.get(0).metadata().model().orElseThrow());
            } finally {
                StopOutcome stop = control.proxy().stop();
                assertTrue(stop instanceof StopOutcome.Stopped, stop.toString());
            }
            assertFalse(control.proxy().status().running());
        }
    }

    @Test
    void serveHttpSaysThatHelidonIsMissing() {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).build()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> control.serveHttp(HttpServerOptions.defaults().withPort(0)));
            assertTrue(refused.getMessage().contains("Helidon"), refused.getMessage());
        }
    }
}
