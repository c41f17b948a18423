package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyModel;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The proxy's HTTP API on {@code 127.0.0.1}, through the JDK client (never through an outbound HTTP proxy). */
public final class JdkProxyApiAdapter implements ProxyApiPort {

    static final String BANNER = "CLI Proxy API Server";
    static final String MODELS_UNAVAILABLE = ErrorCode.PROXY_ERROR.error();
    /** Not {@code claude-cli}: that user agent would switch the proxy to the Anthropic shape of the list. */
    static final String USER_AGENT = "cliproxy-control";
    /** A catalogue of thousands of models is a few hundred kilobytes. */
    static final int MAX_MODELS_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keeps every number of a model entry exact when it is passed on. */
    private static final ObjectMapper MODEL_JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final LazyHttpClient client;

    public JdkProxyApiAdapter() {
        this.client = LazyHttpClient.toLocalProxy(Duration.ofSeconds(2));
    }

    JdkProxyApiAdapter(HttpClient client) {
        this.client = LazyHttpClient.of(client);
    }

    @Override
    public ProbeResult probe(int port, Duration timeout) {
        // A free port, the common case of a polled status, is known by a bind without a connection (LoopbackPort);
        // else a plain socket on the calling thread (LoopbackExchange): a closed port is one refused connect, an open
        // one is asked on that connection, and a start notices the first answer when it is read.
        if (LoopbackPort.nothingListens(port)) {
            return ProbeResult.NO_ANSWER;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        LoopbackExchange.Outcome health = LoopbackExchange.get(port, "/healthz", timeout);
        if (!(health instanceof LoopbackExchange.Outcome.Answered(LoopbackExchange.Answer answer))) {
            return ProbeResult.NO_ANSWER;
        }
        if (answer.status() == 200 && "ok".equals(field(answer.body(), "status"))) {
            return ProbeResult.PROXY;
        }
        // Proxies before v6.9.10 have no /healthz: their banner on / identifies them.
        LoopbackExchange.Outcome root = LoopbackExchange.get(port, "/",
                Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        return root instanceof LoopbackExchange.Outcome.Answered(LoopbackExchange.Answer banner)
                && banner.status() == 200 && BANNER.equals(field(banner.body(), "message"))
                ? ProbeResult.PROXY : ProbeResult.OTHER_PROGRAM;
    }

    @Override
    public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
        return models(client.get(), URI.create("http://127.0.0.1:" + port + "/v1/models"), apiKey, timeout,
                "on port " + port);
    }

    /**
     * {@code GET uri} (a proxy's {@code /v1/models}, {@code where} it is for messages), authenticated with
     * {@code apiKey} when there is one, answered in full within {@code timeout}; every failure is a
     * {@link ServiceUnavailableException} ({@code Models unavailable}) whose message says which, never the key.
     */
    static ModelCatalog models(HttpClient client, URI uri, Optional<String> apiKey, Duration timeout, String where) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .GET();
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(client, request.build(), timeout, MAX_MODELS_BYTES);
        } catch (HttpTimeoutException e) {
            throw unavailable("CLIProxy is running but /v1/models did not answer within "
                    + BoundedExchange.describe(timeout), ErrorCode.PROXY_TIMEOUT, e);
        } catch (BoundedExchange.BodyTooLargeException e) {
            throw unavailable("CLIProxy answered /v1/models with more than " + MAX_MODELS_BYTES / (1024 * 1024)
                    + " MB, which is not a model list", ErrorCode.INVALID_MODEL_LIST, e);
        } catch (IOException e) {
            throw unavailable("CLIProxy is running but /v1/models " + where + " could not be reached ("
                    + e.getClass().getSimpleName() + ")", ErrorCode.PROXY_UNREACHABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for /v1/models", ErrorCode.INTERRUPTED, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw unavailable(apiKey.isPresent()
                    ? "CLIProxy refused the API key of its config.yaml on /v1/models (HTTP " + status
                            + proxyError(response.body()) + ")"
                    : "CLIProxy requires an API key on /v1/models, and its config.yaml has no api-keys (HTTP "
                            + status + proxyError(response.body()) + ")", ErrorCode.PROXY_REJECTED_KEY, null);
        }
        if (status != 200) {
            throw unavailable("CLIProxy answered /v1/models with HTTP " + status + proxyError(response.body()),
                    ErrorCode.PROXY_ERROR, null);
        }
        return catalog(response.body());
    }

    /** The OpenAI shape {@code {"data":[{"id",...}]}}; the Anthropic shape has the same {@code data} of ids. */
    static ModelCatalog catalog(byte[] body) {
        JsonNode root;
        try {
            root = MODEL_JSON.readTree(body);
        } catch (IOException e) {
            throw notAList("the answer is not JSON");
        }
        if (!(root instanceof ObjectNode) || !(root.get("data") instanceof ArrayNode data)) {
            throw notAList("the answer has no \"data\" array");
        }
        List<ProxyModel> models = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            if (!(data.get(i) instanceof ObjectNode entry)) {
                throw notAList("entry " + i + " is not an object");
            }
            JsonNode id = entry.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw notAList("entry " + i + " has no \"id\"");
            }
            JsonNode owner = entry.get("owned_by");
            models.add(new ProxyModel(id.asText(),
                    owner != null && owner.isTextual() ? Optional.of(owner.asText()) : Optional.empty(),
                    MODEL_JSON.convertValue(entry, FIELDS)));
        }
        return new ModelCatalog(models);
    }

    private static ServiceUnavailableException notAList(String why) {
        return unavailable("CLIProxy answered /v1/models with something that is not a model list: " + why,
                ErrorCode.INVALID_MODEL_LIST, null);
    }

    private static ServiceUnavailableException unavailable(String message, ErrorCode code, Throwable cause) {
        return new ServiceUnavailableException(MODELS_UNAVAILABLE, message, code, cause);
    }

    /** The proxy's own short {@code error} text (for example {@code Invalid API key}), which never echoes the key. */
    private static String proxyError(byte[] body) {
        String error = field(body, "error");
        if (error == null || error.isBlank()) {
            return "";
        }
        return ": " + (error.length() > 200 ? error.substring(0, 200) + "..." : error);
    }

    static String field(byte[] body, String name) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.get(name) != null ? node.get(name).asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
