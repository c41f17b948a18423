package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.Webhook;
import dev.cliproxy.control.domain.port.WebhookPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts alerts as JSON, through the outbound proxy the environment names, never following a redirect. Every
 * delivery carries {@value #EVENT}, {@value #DELIVERY} and {@value #TIMESTAMP} (epoch seconds); with a secret also
 * {@value #SIGNATURE}: {@code sha256=<hex>}, the HMAC-SHA256 with the secret as key of the timestamp, a dot and the
 * body's bytes, so that a receiver can check both that we sent it and that it is fresh.
 */
public final class JdkWebhookAdapter implements WebhookPort {

    public static final String EVENT = "X-CliProxy-Event";
    public static final String DELIVERY = "X-CliProxy-Delivery";
    public static final String TIMESTAMP = "X-CliProxy-Timestamp";
    public static final String SIGNATURE = "X-CliProxy-Signature";
    /** A receiver's answer body is not read beyond this. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final Function<AccountAlert, ?> payload;
    private final Duration timeout;
    private final LazyHttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param payload what the body says of an alert (the same object the event stream sends), written as JSON
     * @param timeout how long one attempt may take, answer included
     */
    public JdkWebhookAdapter(Function<AccountAlert, ?> payload, Duration timeout, ProxySelector proxySelector) {
        this.payload = payload;
        this.timeout = timeout;
        this.client = new LazyHttpClient(() -> HttpClient.newBuilder()
                .proxy(proxySelector)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public int post(Webhook webhook, AccountAlert alert, String deliveryId, Instant sentAt) {
        byte[] body = body(alert);
        String timestamp = Long.toString(sentAt.getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "cliproxy-control")
                .header(EVENT, alert.kind().id())
                .header(DELIVERY, deliveryId)
                .header(TIMESTAMP, timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webhook.secret().ifPresent(secret -> request.header(SIGNATURE, signature(secret, timestamp, body)));
        String host = webhook.url().getHost();
        try {
            HttpResponse<byte[]> answer = BoundedExchange.send(client.get(), request.build(), timeout,
                    MAX_ANSWER_BYTES);
            return answer.statusCode();
        } catch (HttpTimeoutException e) {
            throw new UpstreamTimeoutException(ErrorCode.UPSTREAM_TIMEOUT, host + " did not answer within "
                    + BoundedExchange.describe(timeout), e);
        } catch (BoundedExchange.BodyTooLargeException e) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, host + " answered with more than "
                    + MAX_ANSWER_BYTES + " bytes");
        } catch (IOException e) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, host + " could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, "interrupted while posting to " + host);
        }
    }

    /** The alert's JSON, exactly the bytes that are signed and sent. */
    byte[] body(AccountAlert alert) {
        try {
            return json.writeValueAsBytes(payload.apply(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
