package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaUnit;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider adapter against a loopback stub that answers the shapes of the references. */
class QuotaProviderAdaptersTest {

    static final String TOKEN = "SECRET-MARKER-ya29.a0AfB_token-value";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoopbackStub stub;

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    static Credential credential(QuotaProvider provider) {
        return new Credential(provider, provider.id() + "-user@example.com.json", false,
                Optional.of("user@example.com"), TOKEN, Optional.empty(), Optional.of("proj-1"),
                Optional.of("acct-1"), Optional.of("arn:aws:codewhisperer:us-east-1:1:profile/P"));
    }

    static UpstreamCallPort direct(Duration timeout) {
        return new JdkUpstreamCallAdapter(timeout, EnvironmentProxySelector.from(Map.of()));
    }

    static QuotaProviderPort adapter(QuotaProvider provider, URI base) {
        return BuiltInQuotaAdapters.of(provider, base, Clock.fixed(NOW, ZoneOffset.UTC))
                .orElseThrow(() -> new IllegalArgumentException(provider.id() + " has no quota endpoint"));
    }

    private List<QuotaEntry> fetch(QuotaProvider provider, Function<LoopbackStub.Recorded, Reply> answers)
            throws Exception {
        stub = LoopbackStub.replying(answers);
        return adapter(provider, stub.uri()).fetch(credential(provider), direct(Duration.ofSeconds(5)));
    }

    private static QuotaEntry entry(List<QuotaEntry> entries, String model, String window) {
        return entries.stream().filter(e -> e.model().equals(model) && (window == null || window.equals(e.window())))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + model + " " + window + " in " + entries));
    }

    private static void assertNumbers(QuotaEntry entry, Long limit, Long used, Long remaining, QuotaUnit unit) {
        assertEquals(limit, entry.limit(), "limit of " + entry.model());
        assertEquals(used, entry.used(), "used of " + entry.model());
        assertEquals(remaining, entry.remaining(), "remaining of " + entry.model());
        assertEquals(unit, entry.unit(), "unit of " + entry.model());
    }

    @Test
    void codexWindowsArePercentWithPlanLabelsAndResetTimes() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.CODEX, r -> Reply.json(200, """
                {"plan_type":"plus","rate_limit":{"allowed":true,"limit_reached":false,
                  "primary_window":{"used_percent":42,"limit_window_seconds":18000,"reset_after_seconds":3600,"reset_at":1767225600},
                  "secondary_window":{"used_percent":7.4,"limit_window_seconds":604800,"reset_after_seconds":86400}},
                 "code_review_rate_limit":{"primary_window":{"used_percent":0,"limit_window_seconds":604800,"reset_after_seconds":0}},
                 "additional_rate_limits":[{"limit_name":"gpt-5-codex-mini","rate_limit":{"primaryWindow":{"usedPercent":150,"resetAfterSeconds":60}}}]}
                """));
        assertEquals(4, entries.size(), entries.toString());
        QuotaEntry fiveHour = entry(entries, "codex", "5h");
        assertNumbers(fiveHour, 100L, 42L, 58L, QuotaUnit.PERCENT);
        assertEquals(Instant.ofEpochSecond(1767225600), fiveHour.resetAt());
        assertEquals("Primary", fiveHour.label());
        assertEquals("plus", fiveHour.plan());
        QuotaEntry weekly = entry(entries, "codex", "weekly");
        assertNumbers(weekly, 100L, 7L, 93L, QuotaUnit.PERCENT);
        assertEquals(NOW.plusSeconds(86400), weekly.resetAt());
        QuotaEntry review = entry(entries, "code-review", "weekly");
        assertNumbers(review, 100L, 0L, 100L, QuotaUnit.PERCENT);
        assertEquals("Code Review (Primary)", review.label());
        assertNull(review.resetAt());
        QuotaEntry extra = entry(entries, "gpt-5-codex-mini", "5h");
        assertNumbers(extra, 100L, 100L, 0L, QuotaUnit.PERCENT);
        assertEquals(NOW.plusSeconds(60), extra.resetAt());

        LoopbackStub.Recorded request = stub.requests().getFirst();
        assertEquals("GET", request.method());
        assertEquals("/backend-api/wham/usage", request.path());
        assertEquals("Bearer " + TOKEN, request.header("Authorization"));
        assertEquals("acct-1", request.header("ChatGPT-Account-Id"));
        assertTrue(request.header("User-Agent").startsWith("codex_cli_rs/"));
    }

    @Test
    void claudeWindowsArePercentAndExtraUsageIsIgnored() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.CLAUDE, r -> Reply.json(200, """
                {"five_hour":{"utilization":12.0,"resets_at":"2026-01-01T05:00:00.123+00:00"},
                 "seven_day":{"utilization":80,"resets_at":"2026-01-07T00:00:00Z"},
                 "seven_day_opus":null,
                 "extra_usage":{"is_enabled":false,"utilization":50}}
                """));
        assertEquals(2, entries.size(), entries.toString());
        QuotaEntry fiveHour = entry(entries, "five_hour", "5h");
        assertNumbers(fiveHour, 100L, 12L, 88L, QuotaUnit.PERCENT);
        assertEquals(Instant.parse("2026-01-01T05:00:00.123Z"), fiveHour.resetAt());
        assertNumbers(entry(entries, "seven_day", "weekly"), 100L, 80L, 20L, QuotaUnit.PERCENT);
        LoopbackStub.Recorded request = stub.requests().getFirst();
        assertEquals("/api/oauth/usage", request.path());
        assertEquals("oauth-2025-04-20", request.header("anthropic-beta"));
        assertEquals("Bearer " + TOKEN, request.header("Authorization"));
    }

    @Test
    void geminiBucketsAreTokensWithAnAmountAndPercentWithout() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.GEMINI, r -> Reply.json(200, """
                {"buckets":[
                  {"modelId":"gemini-2.5-pro","tokenType":"REQUESTS","remainingFraction":0.25,"remainingAmount":"25","resetTime":"2026-01-01T12:00:00Z"},
                  {"modelId":"gemini-3-flash-preview","tokenType":"TOKENS","remainingFraction":0.55,"remainingAmount":"550000","resetTime":"2026-01-01T03:00:00Z"},
                  {"modelId":"gemini-2.5-flash","remainingFraction":0.5},
                  {"modelId":"gemini-x","tokenType":"TOKENS","remainingFraction":0,"remainingAmount":"0"},
                  {"tokenType":"TOKENS","remainingFraction":0.5}]}
                """));
        assertEquals(4, entries.size(), entries.toString());
        QuotaEntry pro = entry(entries, "gemini-2.5-pro", null);
        assertNumbers(pro, 100L, 75L, 25L, QuotaUnit.REQUESTS);
        assertEquals("REQUESTS", pro.label());
        QuotaEntry flash = entry(entries, "gemini-3-flash-preview", null);
        assertNumbers(flash, 1_000_000L, 450_000L, 550_000L, QuotaUnit.TOKENS);
        assertEquals(Instant.parse("2026-01-01T03:00:00Z"), flash.resetAt());
        assertNumbers(entry(entries, "gemini-2.5-flash", null), 100L, 50L, 50L, QuotaUnit.PERCENT);
        assertNumbers(entry(entries, "gemini-x", null), null, null, 0L, QuotaUnit.TOKENS);

        LoopbackStub.Recorded request = stub.requests().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/v1internal:retrieveUserQuota", request.path());
        assertEquals("proj-1", JSON.readTree(request.body()).path("project").asText());
    }

    @Test
    void geminiWithoutProjectAsksNothingAndSaysToSignInAgain() throws Exception {
        stub = LoopbackStub.replying(r -> Reply.json(200, "{}"));
        Credential noProject = new Credential(QuotaProvider.GEMINI, "gemini-a.json", false, Optional.empty(), TOKEN,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ConflictException e = assertThrows(ConflictException.class, () ->
                adapter(QuotaProvider.GEMINI, stub.uri()).fetch(noProject, direct(Duration.ofSeconds(5))));
        assertEquals(Optional.of("missing_project_id"), e.code());
        assertTrue(stub.requests().isEmpty());
    }

    @Test
    void antigravityReadsProjectAndTierThenModelFractions() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.AGY, r -> r.path().endsWith(":loadCodeAssist")
                ? Reply.json(200, """
                    {"cloudaicompanionProject":{"id":"agy-proj"},"currentTier":{"id":"free-tier"},"paidTier":{"id":"g1-pro-tier"}}""")
                : Reply.json(200, """
                    {"models":{"gemini-3-pro":{"displayName":"Gemini 3 Pro","quotaInfo":{"remainingFraction":0.8,"resetTime":"2026-01-01T10:00:00Z"}},
                               "claude-sonnet-4-5":{"quotaInfo":{"resetTime":"2026-01-01T11:00:00Z"}},
                               "chat_20706":{"displayName":"internal"}}}"""));
        assertEquals(2, entries.size(), entries.toString());
        QuotaEntry pro = entry(entries, "gemini-3-pro", null);
        assertNumbers(pro, 100L, 20L, 80L, QuotaUnit.PERCENT);
        assertEquals("Gemini 3 Pro", pro.label());
        assertEquals("g1-pro-tier", pro.tier());
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"), pro.resetAt());
        assertNumbers(entry(entries, "claude-sonnet-4-5", null), 100L, 100L, 0L, QuotaUnit.PERCENT);

        List<LoopbackStub.Recorded> requests = stub.requests();
        assertEquals("/v1internal:loadCodeAssist", requests.get(0).path());
        assertEquals("ANTIGRAVITY", JSON.readTree(requests.get(0).body()).path("metadata").path("ide_type").asText());
        assertEquals("/v1internal:fetchAvailableModels", requests.get(1).path());
        assertEquals("agy-proj", JSON.readTree(requests.get(1).body()).path("project").asText());
        assertEquals("Bearer " + TOKEN, requests.get(1).header("Authorization"));
    }

    @Test
    void antigravityFallsBackToTheFileProjectWhenLoadCodeAssistFails() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.AGY, r -> r.path().endsWith(":loadCodeAssist")
                ? Reply.json(500, "{\"error\":{\"message\":\"backend error\"}}")
                : Reply.json(200, "{\"models\":{\"m\":{\"quotaInfo\":{\"remainingFraction\":1}}}}"));
        assertEquals(1, entries.size());
        assertNull(entries.getFirst().tier());
        assertNumbers(entries.getFirst(), 100L, 0L, 100L, QuotaUnit.PERCENT);
        JsonNode body = JSON.readTree(stub.requests().getLast().body());
        assertEquals("proj-1", body.path("project").asText());
    }

    @Test
    void kiroUsageBreakdownIsAbsolute() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.KIRO, r -> Reply.json(200, """
                {"subscriptionInfo":{"subscriptionTitle":"KIRO PRO"},"nextDateReset":1767225600,
                 "usageBreakdownList":[{"resourceType":"AGENTIC_REQUEST","displayName":"Credits",
                   "usageLimitWithPrecision":1000.0,"currentUsageWithPrecision":123.6,"usageLimit":1000,"currentUsage":123},
                   {"resourceType":"OVER","usageLimit":10,"currentUsage":14}]}
                """));
        assertEquals(2, entries.size());
        QuotaEntry credits = entry(entries, "AGENTIC_REQUEST", null);
        assertNumbers(credits, 1000L, 124L, 876L, QuotaUnit.REQUESTS);
        assertEquals("KIRO PRO", credits.plan());
        assertEquals("Credits", credits.label());
        assertEquals(Instant.ofEpochSecond(1767225600), credits.resetAt());
        assertNumbers(entry(entries, "OVER", null), 10L, 10L, 0L, QuotaUnit.REQUESTS);

        LoopbackStub.Recorded request = stub.requests().getFirst();
        assertEquals("POST", request.method());
        assertEquals("AmazonCodeWhispererService.GetUsageLimits", request.header("x-amz-target"));
        assertEquals("application/x-amz-json-1.0", request.header("Content-Type"));
        JsonNode body = JSON.readTree(request.body());
        assertEquals("arn:aws:codewhisperer:us-east-1:1:profile/P", body.path("profileArn").asText());
        assertEquals("AGENTIC_REQUEST", body.path("resourceType").asText());
    }

    @Test
    void copilotSnapshotsAreAbsoluteUnlimitedOrPercent() throws Exception {
        List<QuotaEntry> entries = fetch(QuotaProvider.GHCP, r -> Reply.json(200, """
                {"copilot_plan":"individual","quota_reset_date":"2026-02-01",
                 "quota_snapshots":{
                   "premium_interactions":{"entitlement":300,"remaining":250,"percent_remaining":83.3,"unlimited":false,"quota_id":"premium_interactions"},
                   "chat":{"entitlement":0,"remaining":0,"percent_remaining":100,"unlimited":true,"quota_id":"chat"},
                   "completions":{"percent_remaining":40.0,"unlimited":false}}}
                """));
        assertEquals(3, entries.size());
        QuotaEntry premium = entry(entries, "premium_interactions", null);
        assertNumbers(premium, 300L, 50L, 250L, QuotaUnit.REQUESTS);
        assertEquals("individual", premium.plan());
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), premium.resetAt());
        assertEquals(Boolean.FALSE, premium.unlimited());
        QuotaEntry chat = entry(entries, "chat", null);
        assertNumbers(chat, null, null, null, QuotaUnit.REQUESTS);
        assertEquals(Boolean.TRUE, chat.unlimited());
        assertNumbers(entry(entries, "completions", null), 100L, 60L, 40L, QuotaUnit.PERCENT);

        LoopbackStub.Recorded request = stub.requests().getFirst();
        assertEquals("/copilot_internal/user", request.path());
        assertEquals("token " + TOKEN, request.header("Authorization"));
    }

    static Stream<QuotaProvider> providers() {
        return Stream.of(QuotaProvider.AGY, QuotaProvider.GEMINI, QuotaProvider.CODEX, QuotaProvider.KIRO,
                QuotaProvider.GHCP, QuotaProvider.CLAUDE);
    }

    static Stream<Arguments> failures() {
        return providers().flatMap(p -> Stream.of(
                Arguments.of(p, 401, ConflictException.class, "reauth_required"),
                Arguments.of(p, 403, ConflictException.class,
                        p == QuotaProvider.GHCP ? "reauth_required" : "quota_api_forbidden"),
                Arguments.of(p, 404, UpstreamFailureException.class, "quota_request_failed"),
                Arguments.of(p, 500, UpstreamFailureException.class, "provider_unavailable"),
                Arguments.of(p, 503, UpstreamFailureException.class, "provider_unavailable")));
    }

    /** Error bodies echo the Authorization header back: the message must still hold no token. */
    @ParameterizedTest(name = "{0} HTTP {1}")
    @MethodSource("failures")
    void upstreamStatusesBecomeContractFailuresWithoutTheToken(QuotaProvider provider, int status,
                                                               Class<? extends ControlException> type, String code)
            throws Exception {
        ControlException e = assertThrows(type, () -> fetch(provider, r -> Reply.json(status,
                "{\"error\":{\"message\":\"denied for " + r.header("Authorization") + "\"}}")));
        assertEquals(Optional.of(code), e.code());
        assertFalse(e.getMessage().contains("SECRET-MARKER"), e.getMessage());
        assertFalse(e.detail().orElse("").contains("SECRET-MARKER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void upstream429CarriesRetryAfter(QuotaProvider provider) {
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> fetch(provider,
                r -> Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}").withHeader("Retry-After", "17")));
        assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());
        assertEquals(Optional.of("upstream_rate_limited"), e.code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void malformedJsonIsAnInvalidUpstreamResponse(QuotaProvider provider) {
        UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
                () -> fetch(provider, r -> Reply.json(200, "{\"models\": [ not json")));
        assertEquals(Optional.of("invalid_upstream_response"), e.code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anEmptyAnswerHasNoQuotas(QuotaProvider provider) throws Exception {
        assertEquals(List.of(), fetch(provider, r -> Reply.json(200, "{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aSlowAnswerTimesOut(QuotaProvider provider) throws Exception {
        stub = LoopbackStub.replying(r -> Reply.heldBack());
        UpstreamTimeoutException e = assertThrows(UpstreamTimeoutException.class, () ->
                adapter(provider, stub.uri()).fetch(credential(provider), direct(Duration.ofMillis(300))));
        assertEquals(Optional.of("upstream_timeout"), e.code());
    }

    @Test
    void anUnreachableHostIsAnUpstreamFailure() throws Exception {
        URI closed;
        try (LoopbackStub gone = LoopbackStub.replying(r -> Reply.json(200, "{}"))) {
            closed = gone.uri();
        }
        UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () ->
                adapter(QuotaProvider.CLAUDE, closed).fetch(credential(QuotaProvider.CLAUDE),
                        direct(Duration.ofSeconds(2))));
        assertEquals(Optional.of("upstream_unreachable"), e.code());
    }

    @Test
    void retryAfterAcceptsAnHttpDate() {
        Optional<Duration> wait = UpstreamAnswers.retryAfter("Wed, 21 Oct 2099 07:28:00 GMT");
        assertTrue(wait.isPresent() && wait.get().toDays() > 365);
        assertEquals(Optional.empty(), UpstreamAnswers.retryAfter("soon"));
    }

    @Test
    void redactionRemovesTokensAndTokenShapedText() {
        Credential credential = credential(QuotaProvider.CODEX);
        String redacted = UpstreamAnswers.redact("token " + TOKEN + " and Bearer abc.def and eyJhbGciOi.eyJzdWIi.sig "
                + "ghp_abcdefghijklmnop and " + "x".repeat(300), credential);
        assertFalse(redacted.contains("SECRET-MARKER"), redacted);
        assertFalse(redacted.contains("abc.def"), redacted);
        assertFalse(redacted.contains("eyJ"), redacted);
        assertFalse(redacted.contains("ghp_"), redacted);
        assertTrue(redacted.length() <= 201, redacted);
    }
}
