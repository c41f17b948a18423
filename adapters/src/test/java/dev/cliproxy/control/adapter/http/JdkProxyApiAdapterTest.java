package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkProxyApiAdapterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final JdkProxyApiAdapter adapter = new JdkProxyApiAdapter();
    private LoopbackStub server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthzOkIsTheProxy() throws IOException {
        serve(Map.of("/healthz", Reply.of(200, "{\"status\":\"ok\"}")));
        assertEquals(ProbeResult.PROXY, adapter.probe(port(), TIMEOUT));
    }

    @Test
    void anOlderProxyWithoutHealthzIsKnownByItsBanner() throws IOException {
        serve(Map.of("/", Reply.of(200, "{\"message\":\"CLI Proxy API Server\",\"endpoints\":[]}")));
        assertEquals(ProbeResult.PROXY, adapter.probe(port(), TIMEOUT));
    }

    @Test
    void anyOtherAnswerIsAnotherProgram() throws IOException {
        serve(Map.of("/", Reply.of(200, "<html>hello</html>"), "/healthz", Reply.of(200, "{\"status\":\"fine\"}")));
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

    private void serve(Map<String, Reply> answers) throws IOException {
        server = LoopbackStub.replying(request -> answers.getOrDefault(request.path(), Reply.of(404, "not found")));
    }

    private int port() {
        return server.port();
    }
}
