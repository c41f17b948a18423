package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The proxy's HTTP API on {@code 127.0.0.1}, through the JDK client (never through an outbound HTTP proxy). */
public final class JdkProxyApiAdapter implements ProxyApiPort {

    static final String BANNER = "CLI Proxy API Server";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public JdkProxyApiAdapter() {
        this(HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    JdkProxyApiAdapter(HttpClient client) {
        this.client = client;
    }

    @Override
    public ProbeResult probe(int port, Duration timeout) {
        Optional<HttpResponse<byte[]>> health = get(port, "/healthz", timeout);
        if (health.isEmpty()) {
            return ProbeResult.NO_ANSWER;
        }
        if (health.get().statusCode() == 200 && "ok".equals(field(health.get().body(), "status"))) {
            return ProbeResult.PROXY;
        }
        // Proxies before v6.9.10 have no /healthz: their banner on / identifies them.
        return get(port, "/", timeout)
                .filter(root -> root.statusCode() == 200 && BANNER.equals(field(root.body(), "message")))
                .map(root -> ProbeResult.PROXY)
                .orElse(ProbeResult.OTHER_PROGRAM);
    }

    private Optional<HttpResponse<byte[]>> get(int port, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String field(byte[] body, String name) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.get(name) != null ? node.get(name).asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
