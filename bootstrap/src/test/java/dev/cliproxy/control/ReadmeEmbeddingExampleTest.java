package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.testing.StandInConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of the README, kept here so that it keeps compiling and working. */
class ReadmeEmbeddingExampleTest {

    @TempDir
    Path ccsDirectory;

    @Test
    void theReadmeExampleRuns() throws Exception {
        // Its own proxy port: this machine may run a proxy on 8317, as its users' machines do.
        StandInConfig.selectPort(new CcsLayout(ccsDirectory), StandInConfig.freePort());
        // --- README example begins ---
        try (CliProxyControl control = CliProxyControl.builder()
                .ccsDirectory(ccsDirectory)                  // default: $CCS_DIR, $CCS_HOME/.ccs or $HOME/.ccs
                .build()) {
            ProxyStatus status = control.proxy().status();   // verified by PID and process start instant
            System.out.println("proxy running: " + status.running());

            // Serve the REST API inside your program; port 0 picks a free port.
            try (HttpServerHandle http = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
                System.out.println("API at " + http.uri() + "/api/cliproxy/proxy-status");
            }
        }
        // --- README example ends ---
        assertFalse(CliProxyControl.builder().ccsDirectory(ccsDirectory).build().proxy().status().running());
    }
}
