package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quota automation and the alerts end to end, as the server runs them: real token files, the control server's
 * own threads on a test clock, the provider and the webhook receiver as loopback stubs.
 */
class AccountAutomationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "SECRET-MARKER-";
    private static final String WEBHOOK_SECRET = "SECRET-MARKER-webhook-key";

    @TempDir
    Path ccs;
    private CcsLayout layout;
    private final TestClock clock = new TestClock();
    /** Each account's used percent of its five-hour window and that window's reset, by ChatGPT account id. */
    private final Map<String, Integer> usedPercent = new ConcurrentHashMap<>();
    private volatile Instant reset = TestClock.EPOCH.plus(Duration.ofHours(2));
    private LoopbackStub provider;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private final List<AccountAlert> alerts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        layout = new CcsLayout(ccs);
        StandInConfig.selectPort(layout, StandInConfig.freePort());
        token("codex-a.json", "acct-a", "2027-01-01T00:00:00Z");
        token("codex-b.json", "acct-b", "2027-01-01T00:00:00Z");
        usedPercent.put("acct-a", 50);
        usedPercent.put("acct-b", 50);
        provider = LoopbackStub.replying(request -> Reply.json(200, """
                {"plan_type":"plus","rate_limit":{"primary_window":{"used_percent":%d,"limit_window_seconds":18000,
                 "reset_at":%d}}}""".formatted(usedPercent.getOrDefault(request.header("ChatGPT-Account-Id"), 0),
                reset.getEpochSecond())));
    }

    @AfterEach
    void tearDown() {
        stop();
        provider.close();
    }

    private void start() {
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).clock(clock)
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), provider.uri())
                .quotaCacheTtl(Duration.ofSeconds(1))
                .automationCheckInterval(Duration.ofMillis(20))
                .build();
        control.alerts().watch(alerts::add);
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri() + "/api/cliproxy");
    }

    private void stop() {
        if (control != null) {
            control.close();
            control = null;
        }
    }

    @Test
    void anAccountIsPausedAtTheThresholdAndResumedAtTheResetWhileAPersonsPauseStaysAcrossARestart()
            throws Exception {
        start();
        assertEquals(200, http.put("/control-settings", JSON.writeValueAsString(Map.of("automation", Map.of(
                "enabled", true, "pollInterval", "1m", "pauseAtPercent", 5))), "Content-Type", "application/json")
                .statusCode());
        Await.until(() -> provider.requests().size() == 2, "the first pass, as soon as the settings changed");
        assertEquals(200, http.post("/accounts/codex/codex-b/pause").statusCode(), "a person pauses b");
        usedPercent.put("acct-a", 97);
        usedPercent.put("acct-b", 99);

        clock.advance(Duration.ofMinutes(1));

        Await.until(() -> account("codex-a").path("paused").asBoolean(), "a paused by the automation");
        JsonNode a = account("codex-a");
        assertEquals("quota", a.get("pauseReason").asText());
        assertEquals(reset.toEpochMilli(), a.get("resumeAt").asLong());
        assertTrue(Files.exists(layout.pausedAuthDirectory().resolve("codex-a.json")));
        assertEquals("manual", account("codex-b").get("pauseReason").asText());
        Await.until(() -> kinds().contains(AlertKind.ACCOUNT_PAUSED) && kinds().size() == 3, "the alerts");
        assertEquals(List.of(AlertKind.ACCOUNT_PAUSED, AlertKind.QUOTA_LOW, AlertKind.ACCOUNT_PAUSED), kinds());
        assertEquals(Optional.of(PauseReason.MANUAL), alerts.get(0).reason());
        assertEquals(Optional.of(PauseReason.QUOTA), alerts.get(2).reason());

        // The control server restarts in the middle.
        stop();
        clock.advance(Duration.ofMinutes(30));
        start();
        assertTrue(account("codex-a").get("paused").asBoolean(), "still paused after the restart");
        assertEquals(reset.toEpochMilli(), account("codex-a").get("resumeAt").asLong());
        assertEquals(200, http.put("/control-settings", JSON.writeValueAsString(Map.of("automation", Map.of(
                "enabled", true, "pollInterval", "1m", "pauseAtPercent", 5))), "Content-Type", "application/json")
                .statusCode(), "the same settings again: nothing changes");

        clock.advance(Duration.between(clock.instant(), reset));
        usedPercent.put("acct-a", 0);
        reset = reset.plus(Duration.ofHours(5));

        Await.until(() -> !account("codex-a").path("paused").asBoolean(), "a resumed at its reset");
        Await.until(() -> kinds().contains(AlertKind.ACCOUNT_RESUMED), "the resume told");
        assertEquals(Optional.of(PauseReason.QUOTA), alerts.stream()
                .filter(alert -> alert.kind() == AlertKind.ACCOUNT_RESUMED).findFirst().orElseThrow().reason());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            control.accounts().runAutomation();
        }
        assertTrue(account("codex-b").get("paused").asBoolean(), "a person's pause is never undone");
        assertEquals("manual", account("codex-b").get("pauseReason").asText());
        assertFalse(account("codex-a").get("paused").asBoolean());
        assertEquals(List.of(), control.accounts().automation().reauthRequired());
    }

    @Test
    void aWebhookThatFailsTwiceThenSucceedsGetsEachEventOnceSigned() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        List<LoopbackStub.Recorded> accepted = new CopyOnWriteArrayList<>();
        try (LoopbackStub receiver = LoopbackStub.replying(request -> {
            if (answered.incrementAndGet() <= 2) {
                return Reply.of(500, "busy");
            }
            accepted.add(request);
            return Reply.of(204, "");
        })) {
            start();
            String url = receiver.uri() + "/hook?token=SECRET-MARKER-query";
            assertEquals(200, http.put("/control-settings", JSON.writeValueAsString(Map.of("alerts", Map.of(
                    "webhooks", Map.of("ops", Map.of("url", url, "secret", WEBHOOK_SECRET,
                            "events", List.of("account-paused", "account-resumed")))))),
                    "Content-Type", "application/json").statusCode());

            assertEquals(200, http.post("/accounts/codex/codex-a/pause").statusCode());
            assertEquals(200, http.post("/accounts/codex/codex-a/resume").statusCode());
            // The retry is planned from the time the refusal came back, so the clock moves only after both did.
            Await.until(() -> control.alerts().deliveries().deliveries().stream()
                    .filter(d -> d.attempts() == 1).count() == 2, "both first attempts, refused");
            clock.advance(Duration.ofSeconds(1));
            Await.until(() -> accepted.size() == 2, "both second attempts, accepted");
            clock.advance(Duration.ofMinutes(5));
            control.accounts().runAutomation();

            assertEquals(List.of("account-paused", "account-resumed"), accepted.stream()
                    .map(r -> r.header("X-CliProxy-Event")).sorted().toList());
            assertEquals(2, accepted.stream().map(r -> r.header("X-CliProxy-Delivery")).distinct().count());
            for (LoopbackStub.Recorded request : accepted) {
                assertTrue(verify(WEBHOOK_SECRET, request.header("X-CliProxy-Timestamp"),
                        request.body().getBytes(StandardCharsets.UTF_8), request.header("X-CliProxy-Signature"),
                        clock.instant()), "signed");
                assertFalse(verify("another secret", request.header("X-CliProxy-Timestamp"),
                        request.body().getBytes(StandardCharsets.UTF_8), request.header("X-CliProxy-Signature"),
                        clock.instant()));
                assertFalse(verify(WEBHOOK_SECRET, request.header("X-CliProxy-Timestamp"),
                        request.body().getBytes(StandardCharsets.UTF_8), request.header("X-CliProxy-Signature"),
                        clock.instant().plus(Duration.ofMinutes(6))), "too old");
                JsonNode body = JSON.readTree(request.body());
                assertEquals(request.header("X-CliProxy-Event"), body.get("type").asText());
                assertEquals("codex-a", body.get("accountId").asText());
                assertEquals("manual", body.get("reason").asText());
                assertFalse(request.body().contains(MARKER), request.body());
            }
            assertEquals(4, receiver.requests().size(), "nothing more was sent");

            HttpResponse<String> listed = http.get("/alerts");
            assertEquals(200, listed.statusCode());
            assertFalse(listed.body().contains(MARKER), listed.body());
            JsonNode overview = JSON.readTree(listed.body());
            assertEquals(receiver.uri() + "/hook", overview.at("/webhooks/0/url").asText());
            assertTrue(overview.at("/webhooks/0/signed").asBoolean());
            for (JsonNode delivery : overview.get("deliveries")) {
                assertEquals("delivered", delivery.get("state").asText());
                assertEquals(2, delivery.get("attempts").asInt());
                assertEquals(204, delivery.get("status").asInt());
            }
            assertEquals(0, overview.get("dropped").asInt());
            assertFalse(http.get("/control-settings").body().contains(WEBHOOK_SECRET));
        }
    }

    @Test
    void alertsReachTheEventStreamWithoutASecretAndATokenThatStaysExpiringIsToldOnce() throws Exception {
        Instant expiry = clock.instant().plus(Duration.ofHours(3));
        token("codex-soon.json", "acct-soon", expiry.toString());
        start();
        List<String> events = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = http.send(http.request("/events").GET(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = stream.body()) {
                lines.forEach(events::add);
            } catch (RuntimeException e) {
                // the server ended the stream
            }
        });
        try {
            Await.until(() -> events.stream().anyMatch(line -> line.startsWith("data:")), "the stream's first event");
            assertEquals(200, http.put("/control-settings", JSON.writeValueAsString(Map.of("automation", Map.of(
                    "enabled", true, "pollInterval", "1m"))), "Content-Type", "application/json").statusCode());
            Await.until(() -> events.contains("event:token-expiring"), "the expiring token on the stream");
            usedPercent.put("acct-a", 100);
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMinutes(1));
                control.accounts().runAutomation();
            }
            Await.until(() -> events.contains("event:account-paused"), "the pause on the stream");

            assertEquals(1, events.stream().filter("event:token-expiring"::equals).count(), "told once");
            assertEquals(1, events.stream().filter("event:quota-low"::equals).count());
            JsonNode expiring = JSON.readTree(events.get(events.indexOf("event:token-expiring") + 1)
                    .substring("data:".length()));
            assertEquals("codex-soon", expiring.get("accountId").asText());
            assertEquals(expiry.toEpochMilli(), expiring.get("expiresAt").asLong());
            JsonNode paused = JSON.readTree(events.get(events.indexOf("event:account-paused") + 1)
                    .substring("data:".length()));
            assertEquals("quota", paused.get("reason").asText());
            assertEquals(0, paused.at("/quotas/0/remaining").asInt());
            assertTrue(events.stream().noneMatch(line -> line.contains(MARKER)), String.join("\n", events));
        } finally {
            stop();
            reader.join(Duration.ofSeconds(10));
        }
    }

    private void token(String file, String accountId, String expired) throws IOException {
        Files.createDirectories(layout.authDirectory());
        Files.writeString(layout.authDirectory().resolve(file), """
                {"type":"codex","email":"%s@example.com","access_token":"SECRET-MARKER-access-%s",
                 "refresh_token":"SECRET-MARKER-refresh","id_token":"SECRET-MARKER-id","account_id":"%s",
                 "expired":"%s"}""".formatted(accountId, accountId, accountId, expired));
    }

    private JsonNode account(String accountId) {
        try {
            for (JsonNode account : JSON.readTree(http.get("/accounts").body()).get("accounts")) {
                if (account.get("accountId").asText().equals(accountId)) {
                    return account;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no account " + accountId);
    }

    private List<AlertKind> kinds() {
        return alerts.stream().map(AccountAlert::kind).toList();
    }

    /** The receiver's check, as the README shows it (with the time passed in, as this test's clock is not now). */
    static boolean verify(String secret, String timestamp, byte[] body, String signature, Instant now)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        boolean fresh = Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) <= 300;
        return fresh && signature != null
                && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
