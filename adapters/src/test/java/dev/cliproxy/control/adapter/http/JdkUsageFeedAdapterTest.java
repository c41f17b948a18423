package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInUsage;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkUsageFeedAdapterTest {

    private static final String SECRET = "mgmt-secret";
    private static final List<String> KEYS = List.of("ccs-internal-managed", "sk-team");
    private final JdkUsageFeedAdapter feed = new JdkUsageFeedAdapter(Duration.ofSeconds(5));
    private LoopbackStub stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    private void serve(String path, Reply reply) throws Exception {
        stub = LoopbackStub.replying(r -> !("Bearer " + SECRET).equals(r.header("Authorization"))
                ? Reply.json(401, "{\"error\":\"invalid management key\"}").withHeader("X-CPA-VERSION", "v6.10.8")
                : r.path().equals(path) ? reply : Reply.json(404, "{}"));
    }

    @Test
    void popsTheQueueAndKeepsNoKey() throws Exception {
        Instant at = Instant.parse("2026-11-30T10:00:00.123456789Z");
        serve("/v0/management/usage-queue", Reply.json(200, "[" + StandInUsage.json(13, at, "sk-team") + ","
                + "\"not json\"," + StandInUsage.json(14, at, "sk-gone").replace("stand-in-14", "") + "]")
                .withHeader("X-CPA-VERSION", "v7.2.140"));
        UsageFeedAnswer.Records records = assertInstanceOf(UsageFeedAnswer.Records.class,
                feed.pop(stub.port(), SECRET, 500, KEYS, "ccs-internal-managed"));
        assertEquals("/v0/management/usage-queue?count=500", stub.lastRequest().uri().toString());
        assertEquals(Optional.of("v7.2.140"), records.version());
        assertEquals(1, records.records().size(), "a record without a request id cannot be kept once");
        UsageRecord r = records.records().getFirst();
        assertEquals("stand-in-13", r.requestId());
        assertEquals(at, r.timestamp());
        assertEquals("codex", r.provider());
        assertEquals("gpt-5", r.model());
        assertEquals("user1@example.com", r.account());
        assertEquals("idx1", r.authIndex());
        assertEquals(new ApiKeyIdentity(ApiKeyIdentity.hash("sk-team"), "api-keys[1]"), r.apiKey());
        assertEquals(new UsageTokens(113, 26, 1, 30, 139), r.tokens());
        assertEquals(63, r.latencyMs());
        assertTrue(r.failed());
        assertEquals(429, r.statusCode());
        assertFalse(r.toString().contains("sk-team"), "the key itself is nowhere in the record");
    }

    @Test
    void probesWithoutTakingAnything() throws Exception {
        serve("/v0/management/usage-statistics-enabled", Reply.json(200, "{\"usage-statistics-enabled\":false}")
                .withHeader("X-CPA-VERSION", "v6.10.9"));
        assertEquals(new UsageFeedAnswer.Probed(false, Optional.of("v6.10.9")), feed.probe(stub.port(), SECRET));
    }

    @Test
    void readsAnOldProxysHistoryWithStableIds() throws Exception {
        String history = """
                {"usage":{"total_requests":2,"apis":{"sk-team":{"total_requests":2,"models":{"gemini-2.5-pro":
                {"total_requests":2,"details":[
                 {"timestamp":"2026-05-01T10:00:00Z","latency_ms":1200,"source":"a@example.com","auth_index":"1",
                  "tokens":{"input_tokens":10,"output_tokens":5,"reasoning_tokens":0,"cached_tokens":0,"total_tokens":15},
                  "failed":false},
                 {"timestamp":"2026-05-01T10:00:01Z","latency_ms":300,"source":"a@example.com","auth_index":"1",
                  "tokens":{"input_tokens":1,"output_tokens":1,"reasoning_tokens":0,"cached_tokens":0,"total_tokens":2},
                  "failed":true}]}}}}},"failed_requests":1}""";
        serve("/v0/management/usage", Reply.json(200, history).withHeader("X-CPA-VERSION", "v6.9.45"));
        UsageFeedAnswer.Records first = assertInstanceOf(UsageFeedAnswer.Records.class,
                feed.history(stub.port(), SECRET, KEYS, "x"));
        UsageFeedAnswer.Records again = assertInstanceOf(UsageFeedAnswer.Records.class,
                feed.history(stub.port(), SECRET, KEYS, "x"));
        assertEquals(2, first.records().size());
        assertEquals(first.records(), again.records(), "the same request reads as the same record");
        assertTrue(first.records().getFirst().requestId().startsWith("legacy-"));
        assertFalse(first.records().getFirst().requestId().equals(first.records().get(1).requestId()));
        assertEquals("gemini-2.5-pro", first.records().getFirst().model());
        assertEquals("api-keys[1]", first.records().getFirst().apiKey().label());
        assertTrue(first.records().get(1).failed());
        assertEquals(200, first.records().getFirst().statusCode());
        assertEquals(500, first.records().get(1).statusCode(), "a failed request of the old history is a 500");
    }

    @Test
    void aQueuedRecordKeepsAnIdOfUpTo200CharactersAndAFailureWithoutStatusIsA500() throws Exception {
        String at = "\"timestamp\":\"2026-11-30T10:00:00Z\"";
        String longest = "r".repeat(UsageRecord.MAX_ID_LENGTH);
        serve("/v0/management/usage-queue", Reply.json(200, "[{\"request_id\":\"" + longest + "\"," + at
                + ",\"failed\":true},{\"request_id\":\"" + longest + "r\"," + at + "},{\"request_id\":\"ok\","
                + at + ",\"failed\":false,\"fail\":{\"status_code\":0}}]").withHeader("X-CPA-VERSION", " "));

        UsageFeedAnswer.Records records = assertInstanceOf(UsageFeedAnswer.Records.class,
                feed.pop(stub.port(), SECRET, 10, KEYS, "x"));

        assertEquals(List.of(longest, "ok"), records.records().stream().map(UsageRecord::requestId).toList());
        assertEquals(List.of(500, 200), records.records().stream().map(UsageRecord::statusCode).toList());
        assertEquals(Optional.empty(), records.version(), "a blank version header names no version");
    }

    @Test
    void everyOutcomeIsAnAnswer() throws Exception {
        serve("/v0/management/usage-queue", Reply.json(500, "{}"));
        assertEquals(new UsageFeedAnswer.Refused(401, Optional.of("v6.10.8")),
                feed.pop(stub.port(), "wrong", 1, KEYS, "x"));
        assertEquals(new UsageFeedAnswer.NotServed(Optional.empty()), feed.probe(stub.port(), SECRET));
        assertInstanceOf(UsageFeedAnswer.Failed.class, feed.pop(stub.port(), SECRET, 1, KEYS, "x"));
        stub.reply(r -> Reply.json(200, "{\"not\":\"a list\"}"));
        assertInstanceOf(UsageFeedAnswer.Failed.class, feed.pop(stub.port(), SECRET, 1, KEYS, "x"));
        stub.reply(r -> Reply.of(200, "<html>"));
        assertInstanceOf(UsageFeedAnswer.Failed.class, feed.probe(stub.port(), SECRET));
        int closed = StandInConfig.freePort();
        assertInstanceOf(UsageFeedAnswer.Unreachable.class, feed.probe(closed, SECRET));
    }

    /** A proxy on another host: its URL and key, whatever port and secret a call names; its refusals remembered. */
    @Test
    void aProxyOnAnotherHostIsDrainedThroughItsClientUnderItsManagementRules() throws Exception {
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        serve("/v0/management/usage-queue", Reply.json(200, "[" + StandInUsage.json(7, at, "sk-team") + "]")
                .withHeader("X-CPA-VERSION", "v6.10.9"));
        TestClock clock = new TestClock();
        RemoteProxyClients clients = new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), clock);
        URI url = URI.create("http://127.0.0.1:" + stub.port());
        JdkUsageFeedAdapter remote = JdkUsageFeedAdapter.remote(clients.client(new RemoteProxy(url, Optional.empty(),
                Optional.of(SECRET)), Optional.empty()));
        UsageFeedAnswer.Records records = assertInstanceOf(UsageFeedAnswer.Records.class,
                remote.pop(1, "not-this-one", 100, KEYS, "x"));
        assertEquals("Bearer " + SECRET, stub.lastRequest().header("Authorization"), "the instance's own key");
        assertEquals("/v0/management/usage-queue?count=100", stub.lastRequest().uri().toString());
        assertEquals("stand-in-7", records.records().getFirst().requestId());
        assertEquals(new UsageFeedAnswer.NotServed(Optional.empty()), remote.probe(1, "x"));

        JdkUsageFeedAdapter refused = JdkUsageFeedAdapter.remote(clients.client(new RemoteProxy(url,
                Optional.empty(), Optional.of("wrong")), Optional.empty()));
        assertEquals(new UsageFeedAnswer.Refused(401, Optional.of("v6.10.8")), refused.probe(1, "x"));
        int asked = stub.requests().size();
        assertEquals(new UsageFeedAnswer.Refused(401, Optional.empty()), refused.pop(1, "x", 1, KEYS, "x"),
                "a refused key is refused again without being sent");
        assertEquals(asked, stub.requests().size());

        stub.reply(r -> Reply.json(403, "{\"error\":\"banned\"}"));
        assertEquals(new UsageFeedAnswer.Refused(403, Optional.empty()), remote.probe(1, "x"));
        assertEquals(new UsageFeedAnswer.Refused(403, Optional.empty()), remote.probe(1, "x"), "not asked again");
        assertEquals(asked + 1, stub.requests().size());
        clock.advance(Duration.ofMinutes(2));
        stub.reply(r -> Reply.json(500, "{}"));
        assertInstanceOf(UsageFeedAnswer.Failed.class, remote.probe(1, "x"));
        stub.reply(r -> Reply.heldBack());
        JdkUsageFeedAdapter slow = JdkUsageFeedAdapter.remote(new RemoteProxyClients(Duration.ofMillis(300), Map.of(),
                clock).client(new RemoteProxy(url, Optional.empty(), Optional.of(SECRET)), Optional.empty()));
        assertTrue(assertInstanceOf(UsageFeedAnswer.Failed.class, slow.probe(1, "x")).reason().contains("within"));

        int closed = StandInConfig.freePort();
        JdkUsageFeedAdapter gone = JdkUsageFeedAdapter.remote(clients.client(new RemoteProxy(
                URI.create("http://127.0.0.1:" + closed), Optional.empty(), Optional.of(SECRET)), Optional.empty()));
        assertInstanceOf(UsageFeedAnswer.Unreachable.class, gone.pop(1, "x", 1, KEYS, "x"));
        JdkUsageFeedAdapter keyless = JdkUsageFeedAdapter.remote(clients.client(new RemoteProxy(url,
                Optional.empty(), Optional.empty()), Optional.empty()));
        assertEquals(new UsageFeedAnswer.Refused(401, Optional.empty()), keyless.probe(1, "x"));
    }
}
