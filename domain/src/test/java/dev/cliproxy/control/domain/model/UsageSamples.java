package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Usage records for the properties: a few providers, models, accounts and keys, over three days. */
final class UsageSamples {

    static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
    static final long SPAN_MS = 3 * 24 * 3_600_000L;

    private UsageSamples() {
    }

    static Arbitrary<UsageRecord> records() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(6);
        Arbitrary<Long> offsets = Arbitraries.longs().between(0, SPAN_MS - 1)
                .edgeCases(c -> c.add(0L, 3_600_000L - 1, 3_600_000L));
        Arbitrary<String> providers = Arbitraries.of("gemini", "codex", "claude");
        Arbitrary<String> models = Arbitraries.of("gemini-2.5-pro", "gpt-5", "claude-sonnet-4");
        Arbitrary<String> accounts = Arbitraries.of("a@example.com", "b@example.com");
        Arbitrary<ApiKeyIdentity> keys = Arbitraries.of(new ApiKeyIdentity("3fa2b1c9d0e4", "ccs"),
                new ApiKeyIdentity("99aa00bb11cc", "api-keys[1]"), ApiKeyIdentity.NONE);
        Arbitrary<Long> latencies = Arbitraries.longs().between(0, 120_000);
        Arbitrary<UsageTokens> tokens = Combinators.combine(Arbitraries.longs().between(0, 5000),
                Arbitraries.longs().between(0, 5000), Arbitraries.longs().between(0, 100),
                Arbitraries.longs().between(0, 1000)).as((i, o, r, c) -> new UsageTokens(i, o, r, c, i + o));
        Arbitrary<String> instances = Arbitraries.of(UsageRecord.LOCAL, "home-server");
        return Combinators.combine(ids, offsets, providers, models, accounts, keys, latencies,
                Combinators.combine(tokens, Arbitraries.of(true, false), instances).as(List::<Object>of))
                .as((id, offset, provider, model, account, key, latency, rest) -> record(id, (String) rest.get(2),
                        offset, provider, model, account, key, latency, (UsageTokens) rest.get(0),
                        (Boolean) rest.get(1)));
    }

    static UsageRecord record(String id, long offsetMs, String provider, String model, String account,
                              ApiKeyIdentity key, long latency, UsageTokens tokens, boolean failed) {
        return record(id, UsageRecord.LOCAL, offsetMs, provider, model, account, key, latency, tokens, failed);
    }

    static UsageRecord record(String id, String instance, long offsetMs, String provider, String model,
                              String account, ApiKeyIdentity key, long latency, UsageTokens tokens, boolean failed) {
        return new UsageRecord(id, instance, START.plusMillis(offsetMs), provider, model, model,
                "POST /v1/chat/completions", "oauth", account, "idx", key, latency, latency / 4, tokens, failed,
                failed ? 429 : 200);
    }

    /** A record at an instant given in epoch milliseconds. */
    static UsageRecord at(String id, long epochMillis) {
        return simple(id, epochMillis - START.toEpochMilli(), 1);
    }

    static UsageRecord simple(String id, long offsetMs, long latency) {
        return record(id, offsetMs, "gemini", "gemini-2.5-pro", "a@example.com", ApiKeyIdentity.NONE, latency,
                new UsageTokens(10, 20, 1, 2, 30), false);
    }
}
