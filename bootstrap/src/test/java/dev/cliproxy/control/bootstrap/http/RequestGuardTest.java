package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.testing.StandInConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests as browsers and other programs send them, over raw sockets so every header is ours to choose. */
class RequestGuardTest {

    @TempDir
    Path ccs;
    private CliProxyControl control;
    private HttpServerHandle server;

    @AfterEach
    void stop() {
        if (control != null) {
            control.close();
        }
    }

    @Test
    void loopbackHostNamesAreServed() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        for (String host : List.of("localhost:" + port(), "127.0.0.1:" + port(), "127.8.9.10", "[::1]:" + port(),
                "app.localhost:" + port(), "LOCALHOST", "localhost.")) {
            String answer = request("GET /api/cliproxy/proxy-status HTTP/1.1", "Host: " + host);
            assertTrue(answer.startsWith("HTTP/1.1 200"), host + " -> " + answer);
        }
    }

    @Test
    void anyOtherHostIsRefusedAsDnsRebinding() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        for (String host : List.of("evil.example", "evil.example:" + port(), "127.0.0.1.evil.example",
                "localhost.evil.example", "192.168.1.10:" + port(), "[::2]", "0.0.0.0", "127.0.0.256")) {
            String answer = request("GET /api/cliproxy/proxy-status HTTP/1.1", "Host: " + host);
            assertTrue(answer.startsWith("HTTP/1.1 403"), host + " -> " + answer);
            assertTrue(answer.contains("application/json; charset=utf-8"), answer);
            assertTrue(answer.contains("\"error\":\"Forbidden\""), answer);
        }
    }

    /** Writes and reads alike (the contract says every request): a page of another site can neither drive nor read. */
    @Test
    void anyRequestFromAnotherSiteIsRefused() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        String host = "Host: localhost:" + port();
        for (String requestLine : List.of("POST /api/cliproxy/proxy-stop HTTP/1.1",
                "GET /api/cliproxy/proxy-status HTTP/1.1", "GET /api/cliproxy/config.yaml HTTP/1.1",
                "HEAD /api/cliproxy/error-logs HTTP/1.1", "OPTIONS /api/cliproxy/proxy-status HTTP/1.1",
                "GET /health HTTP/1.1")) {
            for (String origin : List.of("Origin: http://evil.example", "Origin: null",
                    "Origin: http://localhost:" + (port() == 65535 ? 1 : port() + 1), "Origin: file://localhost")) {
                String answer = request(requestLine, host, origin, "Content-Length: 0");
                assertTrue(answer.startsWith("HTTP/1.1 403"), requestLine + " " + origin + " -> " + answer);
                assertTrue(requestLine.startsWith("HEAD") || answer.contains("\"error\":\"Forbidden\"")
                        && answer.contains("Requests from another site are refused"), answer);
            }
            String crossSite = request(requestLine, host, "Sec-Fetch-Site: cross-site", "Content-Length: 0");
            assertTrue(crossSite.startsWith("HTTP/1.1 403"), requestLine + " cross-site -> " + crossSite);
            assertTrue(requestLine.startsWith("HEAD") || crossSite.contains("Cross-site requests are refused"),
                    crossSite);
        }
    }

    @Test
    void ourOwnSiteAndToolsWithoutAnOriginAreServed() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        String host = "Host: localhost:" + port();
        for (List<String> headers : List.of(List.of(host, "Origin: http://localhost:" + port()),
                List.of(host, "Origin: http://127.0.0.1:" + port()), List.of(host),
                List.of(host, "Sec-Fetch-Site: same-origin"), List.of(host, "Sec-Fetch-Site: none"))) {
            String[] lines = headers.toArray(new String[0]);
            String write = request("POST /api/cliproxy/proxy-stop HTTP/1.1", append(lines, "Content-Length: 0"));
            assertTrue(!write.startsWith("HTTP/1.1 403"), headers + " -> " + write);
            String read = request("GET /api/cliproxy/proxy-status HTTP/1.1", lines);
            assertTrue(read.startsWith("HTTP/1.1 200"), headers + " -> " + read);
        }
    }

    @Test
    void everyAnswerForbidsSniffingAndCaching() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        for (String path : List.of("/api/cliproxy/proxy-status", "/api/cliproxy/nothing")) {
            String answer = request("GET " + path + " HTTP/1.1", "Host: localhost");
            assertTrue(answer.contains("X-Content-Type-Options: nosniff"), answer);
            assertTrue(answer.contains("Cache-Control: no-store"), answer);
        }
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws IOException {
        start(HttpServerOptions.defaults().withPort(0).withToken("s3cret-token"));
        String none = request("GET /api/cliproxy/proxy-status HTTP/1.1", "Host: anything.example");
        assertTrue(none.startsWith("HTTP/1.1 401"), none);
        assertTrue(none.contains("WWW-Authenticate: Bearer"), none);
        assertTrue(!none.contains("s3cret-token"), none);

        String wrong = request("GET /api/cliproxy/proxy-status HTTP/1.1", "Host: anything.example",
                "Authorization: Bearer s3cret-tokem");
        assertTrue(wrong.startsWith("HTTP/1.1 401"), wrong);
        assertTrue(request("GET /health HTTP/1.1", "Host: x", "Authorization: Basic czNjcmV0LXRva2Vu")
                .startsWith("HTTP/1.1 401"));

        String right = request("GET /api/cliproxy/proxy-status HTTP/1.1", "Host: anything.example",
                "Authorization: Bearer s3cret-token");
        assertTrue(right.startsWith("HTTP/1.1 200"), right);
    }

    /** The fleet's routes are the same API: local only, and with a token only for its bearers. */
    @Test
    void theFleetRoutesAreGuardedAsTheOthers() throws IOException {
        start(HttpServerOptions.defaults().withPort(0));
        String host = "Host: localhost:" + port();
        for (String requestLine : List.of("GET /api/fleet/instances HTTP/1.1", "POST /api/fleet/instances HTTP/1.1",
                "GET /api/fleet/status HTTP/1.1", "GET /api/fleet/quota HTTP/1.1",
                "DELETE /api/fleet/instances/home HTTP/1.1",
                "GET /api/fleet/instances/local-" + port() + "/config.yaml HTTP/1.1")) {
            String foreign = request(requestLine, host, "Origin: http://evil.example", "Content-Length: 0");
            assertTrue(foreign.startsWith("HTTP/1.1 403"), requestLine + " -> " + foreign);
            String rebound = request(requestLine, "Host: evil.example", "Content-Length: 0");
            assertTrue(rebound.startsWith("HTTP/1.1 403"), requestLine + " -> " + rebound);
        }
        assertTrue(request("GET /api/fleet/instances HTTP/1.1", host).startsWith("HTTP/1.1 200"));
        control.close();

        start(HttpServerOptions.defaults().withPort(0).withToken("s3cret-token"));
        assertTrue(request("GET /api/fleet/status HTTP/1.1", "Host: anything.example").startsWith("HTTP/1.1 401"));
        assertTrue(request("GET /api/fleet/instances HTTP/1.1", "Host: anything.example",
                "Authorization: Bearer s3cret-token").startsWith("HTTP/1.1 200"));
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefused() {
        control = CliProxyControl.builder().ccsDirectory(ccs).build();
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> control.serveHttp(HttpServerOptions.defaults().withHost("0.0.0.0").withPort(0)));
        assertTrue(refused.getMessage().contains("access token is required"));
    }

    @Test
    void loopbackNamesAreRecognisedWithoutResolving() {
        assertEquals(new LoopbackNames.HostAndPort("[::1]", java.util.OptionalInt.of(80)),
                LoopbackNames.parseHostHeader("[::1]:80").orElseThrow());
        assertTrue(LoopbackNames.parseHostHeader("localhost:99999").isEmpty());
        assertTrue(LoopbackNames.parseHostHeader("localhost:80:80").isEmpty());
        assertTrue(LoopbackNames.parseHostHeader("[::1").isEmpty());
    }

    private void start(HttpServerOptions options) throws IOException {
        // The proxy's port is one nobody listens on: these requests must never reach a proxy of this machine.
        int proxyPort = StandInConfig.freePort();
        java.nio.file.Files.writeString(ccs.resolve("config.yaml"),
                "cliproxy_server:\n  local:\n    port: " + proxyPort + "\n");
        control = CliProxyControl.builder().ccsDirectory(ccs).build();
        server = control.serveHttp(options);
    }

    private int port() {
        return server.port();
    }

    private static String[] append(String[] lines, String extra) {
        String[] all = java.util.Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = extra;
        return all;
    }

    private String request(String requestLine, String... headers) throws IOException {
        StringBuilder text = new StringBuilder(requestLine).append("\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(text.toString().getBytes(StandardCharsets.US_ASCII));
            return readResponse(socket.getInputStream());
        }
    }

    /** Reads one response by its Content-Length: the server may keep the connection open. */
    private static String readResponse(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
