package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    @Test
    void aClosedPortIsNoAnswerWithoutAnHttpExchange() throws IOException {
        List<URI> asked = new CopyOnWriteArrayList<>();
        HttpClient recording = HttpClient.newBuilder().proxy(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        }).build();
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        assertEquals(ProbeResult.NO_ANSWER, new JdkProxyApiAdapter(recording).probe(free, TIMEOUT));
        assertEquals(List.of(), asked);
        serve(Map.of("/healthz", Reply.of(200, "{\"status\":\"ok\"}")));
        assertEquals(ProbeResult.PROXY, new JdkProxyApiAdapter(recording).probe(port(), TIMEOUT));
        // Changed with issue 17's third pass: an open port is asked over HTTP on a plain socket, not the client.
        assertEquals(List.of(), asked);
        assertEquals(1, server.hits("/healthz"), "an open port is still asked over HTTP");
    }

    @Test
    void aChunkedHealthAnswerIsTheProxy() throws Exception {
        try (RawLoopbackServer raw = new RawLoopbackServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"statu\r\n8\r\ns\":\"ok\"}\r\n0\r\n\r\n", true)) {
            assertEquals(ProbeResult.PROXY, adapter.probe(raw.port(), TIMEOUT));
        }
    }

    @Test
    void anAnswerOfItsLengthIsReadWithoutWaitingForTheConnectionToClose() throws Exception {
        // The connection stays open after the answer: waiting for its end would run into the timeout (no answer).
        try (RawLoopbackServer raw = new RawLoopbackServer(
                "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}", true)) {
            assertEquals(ProbeResult.PROXY, adapter.probe(raw.port(), Duration.ofSeconds(30)));
        }
    }

    @Test
    void aPortThatAcceptsAndNeverAnswersIsNoAnswerOnceTheTimeoutHasPassed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // The kernel accepts the connection into the backlog; nothing ever reads or answers it.
            ProbeResult result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> adapter.probe(silent.getLocalPort(), Duration.ofMillis(300)));
            assertEquals(ProbeResult.NO_ANSWER, result);
        }
    }

    @Test
    void aProgramThatAnswersSomethingOtherThanHttpIsNoAnswer() throws Exception {
        try (RawLoopbackServer raw = new RawLoopbackServer("SSH-2.0-OpenSSH_9.6\r\n", false)) {
            assertEquals(ProbeResult.NO_ANSWER, adapter.probe(raw.port(), TIMEOUT));
        }
    }

    @Test
    void anAnswerCutShortIsNoAnswer() throws Exception {
        try (RawLoopbackServer raw = new RawLoopbackServer(
                "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\"", false)) {
            assertEquals(ProbeResult.NO_ANSWER, adapter.probe(raw.port(), TIMEOUT));
        }
    }

    private void serve(Map<String, Reply> answers) throws IOException {
        server = LoopbackStub.replying(request -> answers.getOrDefault(request.path(), Reply.of(404, "not found")));
    }

    private int port() {
        return server.port();
    }
}
