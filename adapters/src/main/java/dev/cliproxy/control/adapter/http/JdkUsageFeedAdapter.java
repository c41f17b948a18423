package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.Timestamps;
import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A proxy's usage records through its management API ({@code cliproxyapi.md} §3.3): {@code usage-statistics-enabled}
 * as a probe, {@code usage-queue?count=N} (v6.10.8+, each record once) and the in-memory {@code usage} history of
 * older versions. The version comes from the {@code X-CPA-VERSION} header every management answer carries. Client
 * API keys are reduced to their {@link ApiKeyIdentity} as they are read. The proxy on loopback is reached on the port
 * and with the secret each call names; one on another host ({@link #remote}) through its client, under the rules of
 * its management API (a key it refused is not sent again), whatever port and secret a call names.
 */
public final class JdkUsageFeedAdapter implements UsageFeedPort {

    private static final String VERSION_HEADER = "X-CPA-VERSION";
    /** A queue batch of 1000 records is about 1 MB; a long-running old proxy's history can be far larger. */
    private static final int MAX_QUEUE_BYTES = 32 * 1024 * 1024;
    private static final int MAX_HISTORY_BYTES = 256 * 1024 * 1024;

    /** How a call reaches the management API: its whole answer, or the feed's answer saying why none came. */
    @FunctionalInterface
    private interface Transport {
        HttpResponse<byte[]> get(int port, String secret, String route, int maxBytes) throws Unanswered;
    }

    /** No answer came; {@link #answer} says why, as the feed reports it. */
    private static final class Unanswered extends Exception {
        private final transient UsageFeedAnswer answer;

        Unanswered(UsageFeedAnswer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private final Transport transport;

    /** The proxy on loopback; each call may take {@code timeout}. */
    public JdkUsageFeedAdapter(Duration timeout) {
        this(local(LazyHttpClient.toLocalProxy(timeout), timeout));
    }

    private JdkUsageFeedAdapter(Transport transport) {
        this.transport = transport;
    }

    /** The proxy on another host that {@code client} calls, with its management key. */
    public static JdkUsageFeedAdapter remote(RemoteProxyClient client) {
        return new JdkUsageFeedAdapter((port, secret, route, maxBytes) -> {
            try {
                return client.exchange(HttpRequest.newBuilder().GET(), route, client.timeout(), maxBytes);
            } catch (ControlException e) {
                ErrorCode code = e.errorCode().orElse(ErrorCode.REMOTE_ERROR);
                String reason = e.detail().orElse(e.error());
                throw new Unanswered(switch (code) {
                    // Refused before (not sent again), or no key: as a refusal, asked again rarely.
                    case MANAGEMENT_KEY_REJECTED, MANAGEMENT_KEY_MISSING -> new UsageFeedAnswer.Refused(401,
                            Optional.empty());
                    case MANAGEMENT_FORBIDDEN -> new UsageFeedAnswer.Refused(403, Optional.empty());
                    case REMOTE_UNREACHABLE -> new UsageFeedAnswer.Unreachable(reason);
                    default -> new UsageFeedAnswer.Failed(reason);
                });
            }
        });
    }

    private static Transport local(LazyHttpClient client, Duration timeout) {
        return (port, secret, route, maxBytes) -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v0/management/" + route))
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + secret)
                    .GET().build();
            try {
                return BoundedExchange.send(client.get(), request, timeout, maxBytes);
            } catch (ConnectException e) {
                throw new Unanswered(new UsageFeedAnswer.Unreachable("nothing answers on port " + port));
            } catch (HttpTimeoutException e) {
                throw new Unanswered(new UsageFeedAnswer.Failed("the proxy's management API did not answer within "
                        + BoundedExchange.describe(timeout)));
            } catch (IOException e) {
                throw new Unanswered(new UsageFeedAnswer.Failed("reading the proxy's " + route.replaceFirst("\\?.*",
                        "") + " answer failed: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unanswered(new UsageFeedAnswer.Failed("interrupted"));
            }
        };
    }

    @Override
    public UsageFeedAnswer probe(int port, String managementSecret) {
        return call(port, "usage-statistics-enabled", managementSecret, MAX_QUEUE_BYTES, (root, version) -> {
            JsonNode enabled = root.get("usage-statistics-enabled");
            return enabled != null && enabled.isBoolean()
                    ? new UsageFeedAnswer.Probed(enabled.asBoolean(), version)
                    : new UsageFeedAnswer.Failed("the proxy's usage-statistics-enabled answer has no such field");
        });
    }

    @Override
    public UsageFeedAnswer pop(int port, String managementSecret, int count, List<String> configKeys,
                               String ccsKey) {
        return call(port, "usage-queue?count=" + count, managementSecret, MAX_QUEUE_BYTES, (root, version) -> {
            if (!root.isArray()) {
                return new UsageFeedAnswer.Failed("the proxy's usage-queue answer is not a list");
            }
            List<UsageRecord> records = new ArrayList<>(root.size());
            for (JsonNode item : root) {
                // A record the proxy could not encode comes as a string: nothing to count in it.
                if (item.isObject()) {
                    queued(item, configKeys, ccsKey).ifPresent(records::add);
                }
            }
            return new UsageFeedAnswer.Records(records, version);
        });
    }

    @Override
    public UsageFeedAnswer history(int port, String managementSecret, List<String> configKeys, String ccsKey) {
        return call(port, "usage", managementSecret, MAX_HISTORY_BYTES, (root, version) -> {
            JsonNode apis = root.path("usage").path("apis");
            if (!apis.isObject() && !apis.isMissingNode()) {
                return new UsageFeedAnswer.Failed("the proxy's usage answer has no apis mapping");
            }
            List<UsageRecord> records = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> keys = apis.fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> api = keys.next();
                ApiKeyIdentity key = ApiKeyIdentity.of(api.getKey(), configKeys, ccsKey);
                for (Iterator<Map.Entry<String, JsonNode>> models = api.getValue().path("models").fields();
                     models.hasNext(); ) {
                    Map.Entry<String, JsonNode> model = models.next();
                    for (JsonNode detail : model.getValue().path("details")) {
                        legacy(api.getKey(), key, model.getKey(), detail).ifPresent(records::add);
                    }
                }
            }
            return new UsageFeedAnswer.Records(records, version);
        });
    }

    /** One record of the queue; empty when it has no request id or no timestamp (it could not be kept once). */
    private static Optional<UsageRecord> queued(JsonNode item, List<String> configKeys, String ccsKey) {
        String requestId = item.path("request_id").asText("");
        Optional<Instant> at = Timestamps.parse(item.path("timestamp").asText(""));
        if (requestId.isBlank() || requestId.length() > UsageRecord.MAX_ID_LENGTH || at.isEmpty()) {
            return Optional.empty();
        }
        boolean failed = item.path("failed").asBoolean(false);
        int status = item.path("fail").path("status_code").asInt(0);
        return Optional.of(new UsageRecord(requestId, UsageRecord.LOCAL, at.get(),
                item.path("provider").asText(""), item.path("model").asText(""), item.path("alias").asText(""),
                item.path("endpoint").asText(""), item.path("auth_type").asText(""),
                item.path("source").asText(""), item.path("auth_index").asText(""),
                ApiKeyIdentity.of(item.path("api_key").asText(""), configKeys, ccsKey),
                item.path("latency_ms").asLong(0), item.path("ttft_ms").asLong(0), tokens(item.path("tokens")),
                failed, status > 0 ? status : failed ? 500 : 200));
    }

    /**
     * One detail of the old in-memory history ({@code timestamp, latency_ms, source, auth_index, tokens, failed}),
     * named by a hash of its content and key: the same request read again gets the same id.
     */
    private static Optional<UsageRecord> legacy(String apiKey, ApiKeyIdentity key, String model, JsonNode detail) {
        String timestamp = detail.path("timestamp").asText("");
        Optional<Instant> at = Timestamps.parse(timestamp);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        boolean failed = detail.path("failed").asBoolean(false);
        String id = "legacy-" + sha256(apiKey + '\n' + model + '\n' + timestamp + '\n' + detail.path("source")
                .asText("") + '\n' + detail.path("auth_index").asText("") + '\n' + detail.path("latency_ms")
                .asLong(0) + '\n' + detail.path("tokens") + '\n' + failed).substring(0, 32);
        return Optional.of(new UsageRecord(id, UsageRecord.LOCAL, at.get(), "", model, model, "", "",
                detail.path("source").asText(""), detail.path("auth_index").asText(""), key,
                detail.path("latency_ms").asLong(0), 0, tokens(detail.path("tokens")), failed, failed ? 500 : 200));
    }

    private static UsageTokens tokens(JsonNode tokens) {
        return new UsageTokens(tokens.path("input_tokens").asLong(0), tokens.path("output_tokens").asLong(0),
                tokens.path("reasoning_tokens").asLong(0), tokens.path("cached_tokens").asLong(0),
                tokens.path("total_tokens").asLong(0));
    }

    private interface Reading {
        UsageFeedAnswer read(JsonNode root, Optional<String> version);
    }

    private UsageFeedAnswer call(int port, String route, String secret, int maxBytes, Reading reading) {
        HttpResponse<byte[]> response;
        try {
            response = transport.get(port, secret, route, maxBytes);
        } catch (Unanswered e) {
            return e.answer;
        }
        Optional<String> version = response.headers().firstValue(VERSION_HEADER).filter(v -> !v.isBlank());
        int status = response.statusCode();
        if (status == 404) {
            return new UsageFeedAnswer.NotServed(version);
        }
        if (status == 401 || status == 403) {
            return new UsageFeedAnswer.Refused(status, version);
        }
        if (status != 200) {
            return new UsageFeedAnswer.Failed("the proxy's management API answered HTTP " + status);
        }
        JsonNode root;
        try {
            root = UpstreamAnswers.JSON.readTree(response.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null) {
            return new UsageFeedAnswer.Failed("the proxy's management API answered with something that is not JSON");
        }
        return reading.read(root, version);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
