package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.cliproxy.control.domain.model.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkProxyApiAdapterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final JdkProxyApiAdapter adapter = new JdkProxyApiAdapter();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void healthzOkIsTheProxy() throws IOException {
        serve(Map.of("/healthz", new Answer(200, "{\"status\":\"ok\"}")));
        assertEquals(ProbeResult.PROXY, adapter.probe(port(), TIMEOUT));
    }

    @Test
    void anOlderProxyWithoutHealthzIsKnownByItsBanner() throws IOException {
        serve(Map.of("/", new Answer(200, "{\"message\":\"CLI Proxy API Server\",\"endpoints\":[]}")));
        assertEquals(ProbeResult.PROXY, adapter.probe(port(), TIMEOUT));
    }

    @Test
    void anyOtherAnswerIsAnotherProgram() throws IOException {
        serve(Map.of("/", new Answer(200, "<html>hello</html>"), "/healthz", new Answer(200, "{\"status\":\"fine\"}")));
        assertEquals(ProbeResult.OTHER_PROGRAM, adapter.probe(port(), TIMEOUT));
    }

    @Test
    void aClosedPortIsNoAnswer() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        assertEquals(ProbeResult.NO_ANSWER, adapter.probe(free, TIMEOUT));
    }

    private record Answer(int status, String body) {
    }

    private void serve(Map<String, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "not found"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private int port() {
        return server.getAddress().getPort();
    }
}
