package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaUnit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a provider answers, every entry a mapper accepts keeps {@code 0 <= remaining <= limit} and
 * {@code used + remaining == limit} (where all three are present), and a percent entry counts out of 100.
 */
class QuotaMapperProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static void assertConsistent(List<QuotaEntry> entries) {
        for (QuotaEntry e : entries) {
            if (e.limit() != null && e.remaining() != null) {
                assertTrue(e.remaining() >= 0 && e.remaining() <= e.limit(), e.toString());
            }
            if (e.limit() != null && e.used() != null && e.remaining() != null) {
                assertEquals((long) e.limit(), e.used() + e.remaining(), e.toString());
            }
            if (e.remaining() != null) {
                assertTrue(e.remaining() >= 0, e.toString());
            }
            if (e.unit() == QuotaUnit.PERCENT) {
                assertEquals(100L, e.limit(), e.toString());
            }
        }
    }

    /** A value where a number is expected: numbers of any size and sign, numeric text, junk, null, or nothing. */
    @Provide
    static Arbitrary<Optional<JsonNode>> numberish() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e18, 1e18).map(d -> Optional.<JsonNode>of(DoubleNode.valueOf(d))),
                Arbitraries.doubles().between(-2, 2).map(d -> Optional.<JsonNode>of(DoubleNode.valueOf(d))),
                Arbitraries.doubles().between(-10, 200).map(d -> Optional.<JsonNode>of(DoubleNode.valueOf(d))),
                Arbitraries.longs().map(l -> Optional.<JsonNode>of(LongNode.valueOf(l))),
                Arbitraries.doubles().between(-1e6, 1e9).map(d -> Optional.<JsonNode>of(TextNode.valueOf(Double.toString(d)))),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "", "abc", "1e400", "12")
                        .map(t -> Optional.<JsonNode>of(TextNode.valueOf(t))),
                Arbitraries.just(Optional.<JsonNode>of(NullNode.getInstance())),
                Arbitraries.just(Optional.<JsonNode>empty()));
    }

    private static Arbitrary<Optional<JsonNode>> timeish() {
        return Arbitraries.oneOf(numberish(),
                Arbitraries.of("2026-01-01T00:00:00Z", "2026-02-01", "not a date", "2026-13-45T99:00:00Z")
                        .map(t -> Optional.<JsonNode>of(TextNode.valueOf(t))));
    }

    private static void put(ObjectNode node, String field, Optional<JsonNode> value) {
        value.ifPresent(v -> node.set(field, v));
    }

    private static Arbitrary<ObjectNode> object(String[] fields, Arbitrary<Optional<JsonNode>> values) {
        return values.list().ofSize(fields.length).map(list -> {
            ObjectNode node = NODES.objectNode();
            for (int i = 0; i < fields.length; i++) {
                put(node, fields[i], list.get(i));
            }
            return node;
        });
    }

    private static Arbitrary<ObjectNode> codexWindow() {
        return object(new String[] {"used_percent", "limit_window_seconds", "reset_after_seconds", "reset_at"},
                numberish());
    }

    @Provide
    static Arbitrary<ObjectNode> codexAnswers() {
        Arbitrary<ObjectNode> limit = Combinators.combine(codexWindow(), codexWindow()).as((p, s) -> {
            ObjectNode node = NODES.objectNode();
            node.set("primary_window", p);
            node.set("secondary_window", s);
            return node;
        });
        return Combinators.combine(limit, limit, limit.list().ofMaxSize(3)).as((main, review, extra) -> {
            ObjectNode root = NODES.objectNode().put("plan_type", "plus");
            root.set("rate_limit", main);
            root.set("code_review_rate_limit", review);
            ArrayNode additional = root.putArray("additional_rate_limits");
            extra.forEach(e -> additional.addObject().put("limit_name", "x").set("rate_limit", e));
            return root;
        });
    }

    @Provide
    static Arbitrary<ObjectNode> claudeAnswers() {
        Arbitrary<ObjectNode> window = Combinators.combine(numberish(), timeish()).as((u, r) -> {
            ObjectNode node = NODES.objectNode();
            put(node, "utilization", u);
            put(node, "resets_at", r);
            return node;
        });
        return window.list().ofMaxSize(5).map(windows -> {
            ObjectNode root = NODES.objectNode();
            for (int i = 0; i < windows.size(); i++) {
                root.set(i == 0 ? "five_hour" : "seven_day_" + i, windows.get(i));
            }
            return root;
        });
    }

    @Provide
    static Arbitrary<ObjectNode> geminiAnswers() {
        Arbitrary<ObjectNode> bucket = Combinators.combine(numberish(), numberish(), timeish(),
                Arbitraries.of("TOKENS", "REQUESTS")).as((fraction, amount, reset, type) -> {
                    ObjectNode node = NODES.objectNode().put("modelId", "m").put("tokenType", type);
                    put(node, "remainingFraction", fraction);
                    put(node, "remainingAmount", amount);
                    put(node, "resetTime", reset);
                    return node;
                });
        return bucket.list().ofMaxSize(6).map(list -> {
            ObjectNode root = NODES.objectNode();
            root.putArray("buckets").addAll(list);
            return root;
        });
    }

    @Provide
    static Arbitrary<ObjectNode> antigravityAnswers() {
        Arbitrary<ObjectNode> model = Combinators.combine(numberish(), timeish()).as((fraction, reset) -> {
            ObjectNode quota = NODES.objectNode();
            put(quota, "remainingFraction", fraction);
            put(quota, "resetTime", reset);
            ObjectNode node = NODES.objectNode();
            node.set("quotaInfo", quota);
            return node;
        });
        return model.list().ofMaxSize(6).map(list -> {
            ObjectNode models = NODES.objectNode();
            for (int i = 0; i < list.size(); i++) {
                models.set("model-" + i, list.get(i));
            }
            ObjectNode root = NODES.objectNode();
            root.set("models", models);
            return root;
        });
    }

    @Provide
    static Arbitrary<ObjectNode> copilotAnswers() {
        Arbitrary<ObjectNode> snapshot = Combinators.combine(numberish(), numberish(), numberish(),
                Arbitraries.of(true, false)).as((entitlement, remaining, percent, unlimited) -> {
                    ObjectNode node = NODES.objectNode();
                    put(node, "entitlement", entitlement);
                    put(node, "remaining", remaining);
                    put(node, "percent_remaining", percent);
                    node.set("unlimited", BooleanNode.valueOf(unlimited));
                    return node;
                });
        return snapshot.list().ofMaxSize(4).map(list -> {
            ObjectNode snapshots = NODES.objectNode();
            for (int i = 0; i < list.size(); i++) {
                snapshots.set("q" + i, list.get(i));
            }
            ObjectNode root = NODES.objectNode().put("copilot_plan", "individual");
            root.set("quota_snapshots", snapshots);
            return root;
        });
    }

    @Provide
    static Arbitrary<ObjectNode> kiroAnswers() {
        return object(new String[] {"usageLimitWithPrecision", "currentUsageWithPrecision", "usageLimit",
                "currentUsage"}, numberish()).list().ofMaxSize(4).map(list -> {
                    ObjectNode root = NODES.objectNode();
                    root.putArray("usageBreakdownList").addAll(list);
                    return root;
                });
    }

    @Property
    void codexEntriesAreConsistent(@ForAll("codexAnswers") ObjectNode answer) {
        assertConsistent(CodexQuotaMapper.map(answer, NOW));
    }

    @Property
    void claudeEntriesAreConsistent(@ForAll("claudeAnswers") ObjectNode answer) {
        assertConsistent(ClaudeQuotaMapper.map(answer));
    }

    @Property
    void geminiEntriesAreConsistent(@ForAll("geminiAnswers") ObjectNode answer) {
        assertConsistent(GeminiQuotaMapper.map(answer));
    }

    @Property
    void antigravityEntriesAreConsistent(@ForAll("antigravityAnswers") ObjectNode answer) {
        assertConsistent(AntigravityQuotaMapper.map(answer, "tier"));
    }

    @Property
    void copilotEntriesAreConsistent(@ForAll("copilotAnswers") ObjectNode answer) {
        assertConsistent(CopilotQuotaMapper.map(answer));
    }

    @Property
    void kiroEntriesAreConsistent(@ForAll("kiroAnswers") ObjectNode answer) {
        assertConsistent(KiroQuotaMapper.map(answer));
    }
}
