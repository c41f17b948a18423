package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
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
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/proxy-status")).GET());
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/nothing")).GET());

        await(2);
        assertTrue(lines.get(0).matches("GET /api/cliproxy/proxy-status 200 \\d+\\.\\d{3} ms"), lines.get(0));
        assertTrue(lines.get(1).startsWith("GET /api/cliproxy/nothing 404 "), lines.get(1));
    }

    @Test
    void credentialsQueriesAndBodiesNeverReachTheLog() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy"));
        Files.writeString(ccs.resolve("cliproxy/config.yaml"), "port: 8317\n");
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(true));
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/proxy-status"))
                .header("Authorization", "Bearer " + SECRET).header("Cookie", "s=" + SECRET).GET());
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/auth-files/download?name=" + SECRET)).GET());
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/config.yaml"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"content\":\"port: 8317\\napi-keys: [" + SECRET + "]\\n\"}")));
        send(server, HttpRequest.newBuilder(uri(server, "/api/cliproxy/config.yaml"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + SECRET + ": [\"}")));

        await(4);
        assertTrue(lines.get(1).startsWith("GET /api/cliproxy/auth-files/download 404 "), lines.get(1));
        assertTrue(lines.get(2).startsWith("PUT /api/cliproxy/config.yaml 200 "), lines.get(2));
        assertTrue(lines.get(3).startsWith("PUT /api/cliproxy/config.yaml 400 "), lines.get(3));
        for (String line : lines) {
            assertFalse(line.contains(SECRET), line);
        }
    }

    @Test
    void switchedOffNothingIsLogged() throws Exception {
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        HttpResponse<String> response = send(server,
                HttpRequest.newBuilder(uri(server, "/api/cliproxy/proxy-status")).GET());
        assertEquals(200, response.statusCode());
        // A second server that logs proves the log path works; the first one's request must not be in it.
        HttpServerHandle logging = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(true));
        send(logging, HttpRequest.newBuilder(uri(logging, "/api/cliproxy/openapi.yaml")).GET());
        await(1);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().startsWith("GET /api/cliproxy/openapi.yaml 200 "), lines.getFirst());
    }

    /** Lines are written when the answer has gone out, so they may trail the client's view a little. */
    private void await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(lines.size() >= count, "logged: " + lines);
    }

    private HttpResponse<String> send(HttpServerHandle server, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpServerHandle server, String pathAndQuery) {
        return URI.create(server.uri() + pathAndQuery);
    }
}
