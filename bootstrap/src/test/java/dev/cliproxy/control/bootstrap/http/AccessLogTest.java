package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One line per request with method, path, status and duration; never a credential, a query or a body. */
class AccessLogTest {

    private static final String SECRET = "SECRET-7f3a";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path ccs;
    private final Logger logger = Logger.getLogger(AccessLog.LOGGER);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private CliProxyControl control;
    private Level previous;

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
        control = CliProxyControl.builder().ccsDirectory(ccs).build();
    }

    @AfterEach
    void release() {
        control.close();
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

    @Test
    void eachRequestIsOneLineWithMethodPathStatusAndDuration() throws Exception {
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(true));
        http(server).get("/api/cliproxy/proxy-status");
        http(server).get("/api/cliproxy/nothing");

        String status = awaitLine("GET /api/cliproxy/proxy-status ");
        String nothing = awaitLine("GET /api/cliproxy/nothing ");
        assertTrue(status.matches("GET /api/cliproxy/proxy-status 200 \\d+\\.\\d{3} ms"), status);
        assertTrue(nothing.startsWith("GET /api/cliproxy/nothing 404 "), nothing);
    }

    @Test
    void credentialsQueriesAndBodiesNeverReachTheLog() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy"));
        Files.writeString(ccs.resolve("cliproxy/config.yaml"), "port: 8317\n");
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(true));
        http(server).get("/api/cliproxy/proxy-status", "Authorization", "Bearer " + SECRET, "Cookie", "s=" + SECRET);
        http(server).get("/api/cliproxy/auth-files/download?name=" + SECRET);
        http(server).put("/api/cliproxy/config.yaml", "{\"content\":\"port: 8317\\napi-keys: [" + SECRET + "]\\n\"}",
                "Content-Type", "application/json");
        http(server).put("/api/cliproxy/config.yaml", "{\"content\":\"" + SECRET + ": [\"}",
                "Content-Type", "application/json");

        awaitLine("GET /api/cliproxy/proxy-status ");
        String download = awaitLine("GET /api/cliproxy/auth-files/download ");
        List<String> writes = awaitLines("PUT /api/cliproxy/config.yaml ", 2);
        server.close();
        assertTrue(download.startsWith("GET /api/cliproxy/auth-files/download 404 "), download);
        assertTrue(writes.stream().anyMatch(line -> line.startsWith("PUT /api/cliproxy/config.yaml 200 ")),
                writes.toString());
        assertTrue(writes.stream().anyMatch(line -> line.startsWith("PUT /api/cliproxy/config.yaml 400 ")),
                writes.toString());
        for (String line : lines) {
            assertFalse(line.contains(SECRET), line);
        }
    }

    @Test
    void switchedOffNothingIsLogged() throws Exception {
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        HttpResponse<String> response = http(server).get("/api/cliproxy/proxy-status");
        assertEquals(200, response.statusCode());
        // Only this server is asked for this path, so a line naming it could only come from it.
        String unlogged = "/api/cliproxy/not-logged-" + UUID.randomUUID();
        assertEquals(404, http(server).get(unlogged).statusCode());
        // A second server that logs proves the log path works; the first one's requests must not be in it.
        HttpServerHandle logging = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(true));
        http(logging).get("/api/cliproxy/openapi.yaml");
        String served = awaitLine("GET /api/cliproxy/openapi.yaml ");
        server.close();
        logging.close();
        assertTrue(served.startsWith("GET /api/cliproxy/openapi.yaml 200 "), served);
        assertTrue(lines.stream().noneMatch(line -> line.contains(unlogged)), lines.toString());
    }

    /**
     * The line of one request, matched by its method and path. Lines are written when the answer has gone out, so
     * they may trail the client's view a little and come in any order; the logger is the JVM's, so other lines
     * may be there too.
     */
    private String awaitLine(String methodAndPath) {
        return awaitLines(methodAndPath, 1).getFirst();
    }

    private List<String> awaitLines(String methodAndPath, int count) {
        Await.until(() -> matching(methodAndPath).size() >= count, count + " lines for " + methodAndPath);
        return matching(methodAndPath);
    }

    private List<String> matching(String methodAndPath) {
        return lines.stream().filter(line -> line.startsWith(methodAndPath)).toList();
    }

    private static TestHttpClient http(HttpServerHandle server) {
        return TestHttpClient.at(server.uri()).withTimeout(WAIT);
    }
}
