package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.InMemoryUsageFeed;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage history over HTTP and on the facade, collected from a fake feed into a fake store: reports, pages,
 * exports, the collector's status, the control setting that turns it on, and {@code GET /metrics}.
 */
class UsageApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-secret-value";
    private static final Instant NOW = Instant.now();
    static final QuotaProvider ACME = QuotaProvider.withQuotaApi("acme", "https://quota.acme.example", false,
            new TokenFileNaming(List.of("acme"), List.of("acme-")));

    /** A provider whose quota is always 40% left, so that metrics have a known quota to show. */
    record AcmeQuota() implements QuotaProviderPort {
        @Override
        public QuotaProvider provider() {
            return ACME;
        }

        @Override
        public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
            return List.of(QuotaEntry.percent("acme-large", 0.4, Instant.EPOCH));
        }
    }

    @TempDir
    Path ccs;
    private final InMemoryUsageFeed feed = new InMemoryUsageFeed();
    private final InMemoryUsageStore store = new InMemoryUsageStore();
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private int localPort;

    @BeforeEach
    void start() throws Exception {
        // A port of its own: nothing answers there, so the proxy is down.
        localPort = StandInConfig.freePort();
        StandInConfig.selectPort(new CcsLayout(ccs), localPort);
        Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.writeString(ccs.resolve("cliproxy/auth/acme-user@example.com.json"), "{\"type\":\"acme\","
                + "\"email\":\"user@example.com\",\"access_token\":\"tok\",\"expired\":\""
                + NOW.plusSeconds(7200) + "\"}");
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).usageFeed(feed)
                .usageStore(store).quotaProvider(new AcmeQuota()).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri());
    }

    @AfterEach
    void stop() {
        control.close();
    }

    private static List<UsageRecord> records(int count) {
        return IntStream.range(0, count).mapToObj(i -> new UsageRecord("req-" + i, UsageRecord.LOCAL,
                NOW.minusSeconds(count - i), i % 2 == 0 ? "codex" : "gemini",
                i % 2 == 0 ? "gpt-5" : "=HYPERLINK(\"x\")",
                "", "POST /v1/chat/completions", "oauth", "user, with comma@example.com", "idx",
                ApiKeyIdentity.of(KEY, List.of(KEY), "ccs-internal-managed"), 100 + i, 10,
                new UsageTokens(10, 2, 1, 3, 12), i % 5 == 0, i % 5 == 0 ? 429 : 200)).toList();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void offByDefaultThenCollectedOnceTheControlSettingsSaySo() throws Exception {
        feed.serve(records(10));
        control.usage().collectNow();
        assertEquals(0, store.all().size(), "collection is opt-in");
        assertEquals("off", json(http.get("/api/cliproxy/usage/status")).path("state").asText());

        HttpResponse<String> refused = http.put("/api/cliproxy/control-settings",
                "{\"usage\":{\"enabled\":\"yes\"}}", "Content-Type", "application/json");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("usage.enabled"), refused.body());
        HttpResponse<String> saved = http.put("/api/cliproxy/control-settings",
                "{\"usage\":{\"enabled\":true,\"interval\":\"1h\",\"retentionDays\":30}}",
                "Content-Type", "application/json");
        assertEquals(200, saved.statusCode(), saved.body());

        UsageCollectorStatus status = control.usage().collectNow();
        assertEquals(10, store.all().size());
        assertEquals(UsageCollectorStatus.State.COLLECTING, status.local().state());
        JsonNode shown = json(http.get("/api/cliproxy/usage/status"));
        assertTrue(shown.path("enabled").asBoolean());
        assertEquals("collecting", shown.path("state").asText());
        assertEquals("queue", shown.path("feed").asText());
        assertEquals(10, shown.path("collected").asInt());
        assertTrue(shown.path("lastDrain").path("by").asText().startsWith("cliproxy-control pid "), shown.toString());
        assertEquals(10, shown.path("lastDrain").path("records").asInt());
    }

    @Test
    void reportsPagesAndExportsWithoutTheKey() throws Exception {
        store.store(records(10), Optional.empty());
        JsonNode report = json(http.get("/api/cliproxy/usage?groupBy=provider,model&from="
                + NOW.minusSeconds(3600).toEpochMilli()));
        assertEquals(10, report.path("totals").path("requests").asInt());
        assertEquals(2, report.path("totals").path("failures").asInt());
        assertEquals(100, report.path("totals").path("inputTokens").asInt());
        assertEquals(2, report.path("groups").size());
        JsonNode codex = report.path("groups").get(0);
        assertEquals("codex|gpt-5", codex.path("key").asText());
        assertEquals("gpt-5", codex.path("keys").path("model").asText());
        assertEquals(5, codex.path("requests").asInt());
        assertEquals(List.of("provider", "model"), List.of(report.path("groupBy").get(0).asText(),
                report.path("groupBy").get(1).asText()));
        JsonNode byKey = json(http.get("/api/cliproxy/usage?groupBy=apiKey"));
        assertEquals("api-keys[0]/" + ApiKeyIdentity.hash(KEY), byKey.path("groups").get(0).path("key").asText());

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(http.get("/api/cliproxy/usage/requests?limit=4"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8))));
            page.path("requests").forEach(r -> ids.add(r.path("requestId").asText()));
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        } while (cursor != null);
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "req-" + i).toList(), ids);

        HttpResponse<String> csv = http.get("/api/cliproxy/usage/export");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"));
        List<String> lines = csv.body().lines().toList();
        assertEquals(11, lines.size());
        assertTrue(lines.getFirst().startsWith("request_id,time,timestamp,instance,provider,model,"));
        assertTrue(lines.get(2).contains(",\"'=HYPERLINK(\"\"x\"\")\","), "a formula is defused: " + lines.get(2));
        assertTrue(lines.get(1).contains(",\"user, with comma@example.com\","), lines.get(1));

        HttpResponse<String> jsonl = http.get("/api/cliproxy/usage/export?format=jsonl");
        assertEquals(10, jsonl.body().lines().count());
        assertEquals("req-0", JSON.readTree(jsonl.body().lines().findFirst().orElseThrow()).path("requestId")
                .asText());
        for (HttpResponse<String> answer : List.of(csv, jsonl, http.get("/api/cliproxy/usage/requests"),
                http.get("/api/cliproxy/usage?groupBy=apiKey"))) {
            assertFalse(answer.body().contains(KEY), "never the key itself");
        }
    }

    @Test
    void badQueriesAreRefusedWithTheReason() throws Exception {
        for (String query : List.of("/usage?groupBy=week", "/usage?groupBy=day,day", "/usage?from=10&to=5",
                "/usage?from=soon", "/usage?to=1&to=2", "/usage/requests?limit=1001", "/usage/requests?cursor=12",
                "/usage/export?format=xlsx", "/usage?groupBy=day,hour,model,account")) {
            HttpResponse<String> answer = http.get("/api/cliproxy" + query);
            assertEquals(400, answer.statusCode(), query);
            assertEquals("invalid_usage_query", JSON.readTree(answer.body()).path("code").asText(), query);
        }
    }

    @Test
    void metricsShowTheProxyTheAccountsTheUsageAndThisServer() throws Exception {
        control.usage().collectNow();
        HttpResponse<String> quota = http.get("/api/cliproxy/quota/acme/user@example.com");
        assertEquals(200, quota.statusCode(), quota.body());
        control.close();
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).usageFeed(feed)
                .usageStore(store).quotaProvider(new AcmeQuota()).collectUsage(true).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri());
        assertEquals(200, http.get("/api/cliproxy/quota/acme/user@example.com").statusCode());
        feed.serve(records(10));
        control.usage().collectNow();
        http.get("/api/cliproxy/usage");

        HttpResponse<String> scraped = http.get("/metrics");
        assertEquals(200, scraped.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scraped.headers().firstValue("Content-Type")
                .orElseThrow());
        String metrics = scraped.body();
        assertTrue(metrics.contains("cliproxy_proxy_up 0.0"), metrics);
        assertTrue(metrics.contains("cliproxy_proxy_restarts_total 0.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_collector_up{proxy=\"local\"} 1.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_requests_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"local\"} 5.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_failures_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"local\"} 1.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_tokens_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"local\",type=\"input\"} 50.0"), metrics);
        assertTrue(metrics.contains("cliproxy_quota_remaining{account=\"user@example.com\",model=\"acme-large\","
                + "provider=\"acme\",unit=\"percent\",window=\"\"} 40.0"), metrics);
        assertTrue(metrics.contains("cliproxy_accounts_paused{provider=\"acme\"} 0.0"), metrics);
        String expiry = metrics.lines().filter(l -> l.startsWith("cliproxy_token_expiry_seconds{"))
                .findFirst().orElseThrow();
        double seconds = Double.parseDouble(expiry.substring(expiry.lastIndexOf(' ') + 1));
        assertTrue(seconds > 7000 && seconds <= 7200, expiry);
        assertTrue(metrics.contains("cliproxy_http_server_requests_seconds_count{method=\"GET\","
                + "route=\"/api/cliproxy/usage\",status=\"200\"} 1"), metrics);
        assertFalse(metrics.contains(KEY) || metrics.contains("tok\""), "no secret");

        HttpResponse<String> crossSite = http.get("/metrics", "Origin", "http://evil.example");
        assertEquals(403, crossSite.statusCode(), "the same local-only rule as every route");
        assertEquals(405, http.delete("/metrics").statusCode());
    }

    /** Builds the control again with {@code options} (and serves it), as the tests that need other options do. */
    private void restart(UnaryOperator<CliProxyControlBuilder> options) {
        control.close();
        control = options.apply(CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).usageFeed(feed)
                .usageStore(store).quotaProvider(new AcmeQuota())).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri());
    }

    /**
     * Another port of the CCS directory with a proxy config, as the {@code ccs} CLI writes for a variant with a port
     * of its own (the same management secret); its proxy hands out records from {@code its}, this machine's from
     * {@link #feed}.
     */
    private int otherPort(InMemoryUsageFeed its) throws Exception {
        int port = StandInConfig.freePort();
        Files.writeString(new CcsLayout(ccs).proxyConfigFile(port), "port: " + port
                + "\nremote-management:\n  secret-key: \"ccs\"\nusage-statistics-enabled: true\n");
        int local = localPort;
        UsageFeedPort mine = feed;
        feedOf = p -> p == local ? mine : p == port ? its : null;
        return port;
    }

    /** Which feed answers a port (none: nothing listens there). */
    private volatile IntFunction<UsageFeedPort> feedOf = p -> null;

    /** Each port's proxy its own feed, as on a machine where the {@code ccs} CLI runs one on another port. */
    private final UsageFeedPort byPort = new UsageFeedPort() {
        @Override
        public UsageFeedAnswer probe(int port, String secret) {
            UsageFeedPort at = feedOf.apply(port);
            return at == null ? new UsageFeedAnswer.Unreachable("nothing answers") : at.probe(port, secret);
        }

        @Override
        public UsageFeedAnswer pop(int port, String secret, int count, List<String> keys, String ccsKey) {
            UsageFeedPort at = feedOf.apply(port);
            return at == null ? new UsageFeedAnswer.Unreachable("nothing answers")
                    : at.pop(port, secret, count, keys, ccsKey);
        }

        @Override
        public UsageFeedAnswer history(int port, String secret, List<String> keys, String ccsKey) {
            UsageFeedPort at = feedOf.apply(port);
            return at == null ? new UsageFeedAnswer.Unreachable("nothing answers")
                    : at.history(port, secret, keys, ccsKey);
        }
    };

    @Test
    void aProxyTheCcsCliRunsOnAnotherPortIsCollectedAsItsOwnInstance() throws Exception {
        InMemoryUsageFeed cli = new InMemoryUsageFeed();
        int port = otherPort(cli);
        restart(builder -> builder.usageFeed(byPort).collectUsage(true));
        feed.serve(records(3));
        cli.serve(records(7));

        control.usage().collectNow();
        assertEquals(3, store.all().stream().filter(r -> r.instance().equals(UsageRecord.LOCAL)).count());
        assertEquals(7, store.all().stream().filter(r -> r.instance().equals("local-" + port)).count(),
                "the same request ids on the other port's proxy: its own records");
        JsonNode status = json(http.get("/api/cliproxy/usage/status"));
        assertEquals(List.of("local", "local-" + port), List.of(status.path("instances").get(0).path("instance")
                .asText(), status.path("instances").get(1).path("instance").asText()));
        assertEquals("collecting", status.path("instances").get(1).path("state").asText());
        JsonNode byInstance = json(http.get("/api/cliproxy/usage?groupBy=instance&from=0"));
        assertEquals(2, byInstance.path("groups").size(), byInstance.toString());

        Files.delete(new CcsLayout(ccs).proxyConfigFile(port));
        cli.serve(records(7));
        control.usage().collectNow();
        assertEquals(7, cli.queued(), "a port gone from the CCS directory is no longer drained");
    }

    @Test
    void metricsTellEachInstancesUsageAndCollectorApart() throws Exception {
        InMemoryUsageFeed cli = new InMemoryUsageFeed();
        int port = otherPort(cli);
        restart(builder -> builder.usageFeed(byPort).collectUsage(true));
        feed.serve(records(4));
        cli.serve(records(6));
        control.usage().collectNow();

        String metrics = http.get("/metrics").body();
        String other = "local-" + port;
        assertTrue(metrics.contains("cliproxy_usage_requests_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"local\"} 2.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_requests_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"" + other + "\"} 3.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_tokens_total{model=\"gpt-5\",provider=\"codex\","
                + "proxy=\"" + other + "\",type=\"input\"} 30.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_collector_up{proxy=\"local\"} 1.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_collector_up{proxy=\"" + other + "\"} 1.0"), metrics);

        // The other port's proxy refuses the secret: its collector is down, this machine's is not.
        cli.secret("another");
        cli.serve(records(1));
        feed.serve(List.of());
        control.usage().collectNow();
        metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("cliproxy_usage_collector_up{proxy=\"local\"} 1.0"), metrics);
        assertTrue(metrics.contains("cliproxy_usage_collector_up{proxy=\"" + other + "\"} 0.0"), metrics);
    }

    @Test
    void aRangeWithoutToEndsAtTheControlsClockAsTokenExpiriesAreCounted() throws Exception {
        Instant fixed = Instant.parse("2024-03-10T12:00:00Z");
        restart(builder -> builder.clock(Clock.fixed(fixed, ZoneOffset.UTC)));
        store.store(List.of(record("by-the-clock", fixed.minusSeconds(3600)),
                record("before-the-range", fixed.minus(Duration.ofDays(31))),
                record("by-the-wall-clock", Instant.now().minusSeconds(60))), Optional.empty());
        Files.writeString(ccs.resolve("cliproxy/auth/acme-user@example.com.json"), "{\"type\":\"acme\","
                + "\"email\":\"user@example.com\",\"access_token\":\"tok\",\"expired\":\""
                + fixed.plusSeconds(7200) + "\"}");

        JsonNode report = json(http.get("/api/cliproxy/usage"));
        assertEquals(fixed.toEpochMilli(), report.path("to").asLong(), "to: the control's now");
        assertEquals(fixed.minus(Duration.ofDays(30)).toEpochMilli(), report.path("from").asLong());
        assertEquals(1, report.path("totals").path("requests").asInt(), report.toString());
        JsonNode page = json(http.get("/api/cliproxy/usage/requests"));
        assertEquals(1, page.path("requests").size(), page.toString());
        assertEquals("by-the-clock", page.path("requests").get(0).path("requestId").asText());
        List<String> exported = http.get("/api/cliproxy/usage/export?format=jsonl").body().lines().toList();
        assertEquals(1, exported.size(), exported.toString());
        assertTrue(exported.getFirst().contains("by-the-clock"), exported.getFirst());

        String expiry = http.get("/metrics").body().lines()
                .filter(l -> l.startsWith("cliproxy_token_expiry_seconds{")).findFirst().orElseThrow();
        assertEquals(7200.0, Double.parseDouble(expiry.substring(expiry.lastIndexOf(' ') + 1)), expiry);
    }

    private static UsageRecord record(String id, Instant at) {
        return new UsageRecord(id, UsageRecord.LOCAL, at, "codex", "gpt-5", "", "POST /v1/chat/completions", "oauth",
                "user@example.com", "idx", ApiKeyIdentity.NONE, 100, 10, new UsageTokens(10, 2, 1, 3, 12), false, 200);
    }

    @Test
    void metricsNeedTheTokenWhereEveryRouteDoes() throws Exception {
        try (HttpServerHandle guarded = control.serveHttp(new HttpServerOptions("127.0.0.1", 0,
                Optional.of("s3cret-token"), false))) {
            TestHttpClient client = TestHttpClient.at(guarded.uri());
            assertEquals(401, client.get("/metrics").statusCode());
            assertEquals(200, client.get("/metrics", "Authorization", "Bearer s3cret-token").statusCode());
        }
    }
}
