package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.Webhook;
import dev.cliproxy.control.domain.port.WebhookPort;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.InMemoryWebhooks;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JdkWebhookAdapterTest {

    private static final Instant SENT = Instant.parse("2026-11-30T12:00:00.750Z");
    private static final String SECRET = "SECRET-MARKER-webhook";
    private static final AccountAlert ALERT = AccountAlert.resumed(new AccountToken("codex", "codex-a",
            "codex-a.json", Optional.empty(), false, Optional.empty(), SENT), PauseReason.QUOTA, SENT);
    private static final Function<AccountAlert, Object> PAYLOAD = alert -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", alert.kind().id());
        body.put("accountId", alert.accountId());
        return body;
    };

    private static JdkWebhookAdapter adapter(Duration timeout) {
        return new JdkWebhookAdapter(PAYLOAD, timeout, ProxySelector.of(null));
    }

    private static Webhook hook(URI url, Optional<String> secret) {
        return new Webhook("ops", url, Set.of(AlertKind.ACCOUNT_RESUMED), secret);
    }

    @Test
    void postsTheAlertAsJsonSignedOverTheTimestampAndTheBody() throws Exception {
        try (LoopbackStub receiver = LoopbackStub.replying(request -> Reply.of(204, ""))) {
            int status = adapter(Duration.ofSeconds(5)).post(hook(receiver.uri().resolve("/hook?x=1"),
                    Optional.of(SECRET)), ALERT, "delivery-1", SENT);

            assertEquals(204, status);
            LoopbackStub.Recorded request = receiver.lastRequest();
            assertEquals("POST", request.method());
            assertEquals("/hook", request.path());
            assertEquals("application/json", request.header("Content-Type"));
            assertEquals("{\"type\":\"account-resumed\",\"accountId\":\"codex-a\"}", request.body());
            assertEquals("account-resumed", request.header("X-CliProxy-Event"));
            assertEquals("delivery-1", request.header("X-CliProxy-Delivery"));
            assertEquals("1796040000", request.header("X-CliProxy-Timestamp"));
            assertEquals("sha256=" + hmac(SECRET, "1796040000." + request.body()),
                    request.header("X-CliProxy-Signature"));
            assertEquals(new ObjectMapper().readTree(request.body()),
                    new ObjectMapper().readTree(adapter(Duration.ofSeconds(1)).body(ALERT)));
        }
    }

    @Test
    void withoutASecretNothingIsSignedAndAnyAnswerIsReturnedAsItIs() throws Exception {
        try (LoopbackStub receiver = LoopbackStub.replying(request -> request.path().equals("/moved")
                ? Reply.of(302, "").withHeader("Location", "/elsewhere") : Reply.of(500, "no"))) {
            JdkWebhookAdapter webhooks = adapter(Duration.ofSeconds(5));

            assertEquals(500, webhooks.post(hook(receiver.uri().resolve("/x"), Optional.empty()), ALERT, "d", SENT));
            assertNull(receiver.lastRequest().header("X-CliProxy-Signature"));
            assertEquals(302, webhooks.post(hook(receiver.uri().resolve("/moved"), Optional.empty()), ALERT, "d",
                    SENT), "a redirect is not followed");
            assertEquals(0, receiver.hits("/elsewhere"));
        }
    }

    @Test
    void noAnswerIsAFailureThatNamesTheHostAloneAndATooSlowOneATimeout() throws Exception {
        int closed = StandInConfig.freePort();
        URI unreachable = URI.create("http://127.0.0.1:" + closed + "/hook?token=SECRET-MARKER-query");
        UpstreamFailureException failure = assertThrows(UpstreamFailureException.class, () ->
                adapter(Duration.ofSeconds(2)).post(hook(unreachable, Optional.of(SECRET)), ALERT, "d", SENT));
        assertEquals(Optional.of("127.0.0.1 could not be reached"), failure.detail());
        assertFalse(failure.getMessage().contains("SECRET-MARKER"), failure.getMessage());

        try (LoopbackStub slow = LoopbackStub.replying(request -> Reply.heldBack())) {
            UpstreamTimeoutException timeout = assertThrows(UpstreamTimeoutException.class, () ->
                    adapter(Duration.ofMillis(300)).post(hook(slow.uri(), Optional.empty()), ALERT, "d", SENT));
            assertEquals(Optional.of("127.0.0.1 did not answer within 300 ms"), timeout.detail());
        }
    }

    /** The testkit's receivers answer as real ones do: a status, or no answer as a failure of the same kind. */
    @Test
    void theFakeAnswersAsAReceiverDoes() throws Exception {
        InMemoryWebhooks fake = new InMemoryWebhooks();
        fake.failNext(1, OptionalInt.of(500));
        fake.failNext(1, OptionalInt.empty());
        int closed = StandInConfig.freePort();
        try (LoopbackStub receiver = LoopbackStub.replying(request -> Reply.of(500, ""))) {
            assertEquals(outcome(adapter(Duration.ofSeconds(2)), hook(receiver.uri(), Optional.empty())),
                    outcome(fake, hook(receiver.uri(), Optional.empty())));
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closed + "/");
        assertEquals(outcome(adapter(Duration.ofSeconds(2)), hook(unreachable, Optional.empty())),
                outcome(fake, hook(unreachable, Optional.empty())));
        assertEquals(200, fake.post(hook(unreachable, Optional.empty()), ALERT, "d", SENT));
        assertEquals(3, fake.posts().size());
        assertEquals(1, fake.delivered().size());
    }

    private static Object outcome(WebhookPort port, Webhook webhook) {
        try {
            return port.post(webhook, ALERT, "d", SENT);
        } catch (ControlException e) {
            return e.getClass().getSimpleName() + " " + e.errorCode() + " " + e.detail();
        }
    }

    private static String hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
