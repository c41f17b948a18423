package com.example.embedder;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.StartOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** A tool that embeds cliproxy-control: starts the proxy, lists its error logs, serves the REST API, stops. */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        run(Path.of(args[0]), System.out);
    }

    static void run(Path ccsDirectory, PrintStream out) {
        try (CliProxyControl control = CliProxyControl.builder()
                .ccsDirectory(ccsDirectory)                 // default: $CCS_DIR, $CCS_HOME/.ccs or $HOME/.ccs
                .startupTimeout(Duration.ofSeconds(30))     // how long the proxy may take to answer; default 5 s
                .build()) {
            // Runs <ccs-dir>/cliproxy/bin/original/cli-proxy-api on the port that <ccs-dir>/config.yaml names
            // (cliproxy_server.local.port, default 8317), unless a proxy already serves that port.
            switch (control.proxy().start()) {
                case StartOutcome.Started started -> out.println("started, pid " + started.pid());
                case StartOutcome.AlreadyRunning running -> out.println("already running on " + running.port());
                case StartOutcome.StartFailed failed -> throw new IllegalStateException(failed.reason());
            }
            for (ErrorLogEntry log : control.errorLogs().list()) {     // newest first
                out.println(log.file().name() + ": HTTP " + log.metadata().statusCode().orElse(0)
                        + ", model " + log.metadata().model().orElse("?"));
            }
            // Serve the REST API inside your program; port 0 picks a free port.
            try (HttpServerHandle http = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
                out.println("API at " + http.uri() + "/api/cliproxy/proxy-status");
            }
            out.println(control.proxy().stop());            // SIGTERM, then a kill after the grace period
        }
    }
}
