package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The real API on a loopback port chosen by the OS, over a temp CCS directory, with the shared client and a raw one. */
final class TestApi implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CliProxyControl control;
    private final HttpServerHandle server;
    private final TestHttpClient http;

    private TestApi(CliProxyControl control) {
        this.control = control;
        this.server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        this.http = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH).withTimeout(TIMEOUT);
    }

    static TestApi start(Path ccsDirectory) {
        return start(ccsDirectory, builder -> { });
    }

    static TestApi start(Path ccsDirectory, Consumer<CliProxyControlBuilder> customise) {
        CliProxyControlBuilder builder = CliProxyControl.builder().ccsDirectory(ccsDirectory);
        customise.accept(builder);
        CliProxyControl control = builder.build();
        try {
            return new TestApi(control);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    CliProxyControl control() {
        return control;
    }

    /** The shared client, bound to the API's base path. */
    TestHttpClient http() {
        return http;
    }

    URI uri(String pathAndQuery) {
        return http.uri(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.get(pathAndQuery);
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(http.request(pathAndQuery).GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(TIMEOUT), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putJson(String pathAndQuery, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = http.request(pathAndQuery, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    /**
     * Sends {@code method rawTarget} byte for byte (the JDK client refuses or normalises hostile targets), with an
     * optional body, and reads the whole answer.
     */
    RawResponse raw(String method, String rawTarget, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder(method + " " + rawTarget + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(server.port()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null && !headers.containsKey("Transfer-Encoding") && !headers.containsKey("Content-Length")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return RawResponse.read(socket.getInputStream());
        }
    }

    RawResponse rawGet(String rawTarget) throws IOException {
        return raw("GET", rawTarget, Map.of(), null);
    }

    @Override
    public void close() {
        control.close();
    }

    /** A parsed HTTP/1.1 answer. */
    record RawResponse(int status, Map<String, String> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    out.write(in.readNBytes(size));
                    line(in);
                }
                body = out.toByteArray();
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new RawResponse(status, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-line");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
