package dev.cliproxy.control.adapter.db;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random usage records over three days and three instances for the stores' tests: ids from a small set (so ids
 * repeat at other instants and instances, as the proxy's 8-hex-digit ids do: other requests), and a third of the
 * records exact copies of earlier ones (the same request read again: stored once).
 */
final class UsageRecords {

    static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
    static final long SPAN_MS = 3 * 24 * 3_600_000L;
    /** This machine's proxy and two of a fleet: the same request ids recur across them. */
    private static final List<String> INSTANCES = List.of(UsageRecord.LOCAL, "home-server", "office");
    private static final List<String> PROVIDERS = List.of("gemini", "codex", "claude");
    private static final List<String> MODELS = List.of("gemini-2.5-pro", "gpt-5", "claude-sonnet-4", "o3");
    private static final List<ApiKeyIdentity> KEYS = List.of(new ApiKeyIdentity("3fa2b1c9d0e4", "ccs"),
            new ApiKeyIdentity("99aa00bb11cc", "api-keys[1]"), ApiKeyIdentity.NONE);

    private UsageRecords() {
    }

    static List<UsageRecord> random(Random random, int count, int distinctIds) {
        return random(random, count, distinctIds, new ArrayList<>());
    }

    /** As {@link #random(Random, int, int)}, copying earlier records from {@code seen} (and adding the new ones). */
    static List<UsageRecord> random(Random random, int count, int distinctIds, List<UsageRecord> seen) {
        List<UsageRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!seen.isEmpty() && random.nextInt(3) == 0) {
                records.add(seen.get(random.nextInt(seen.size())));
            } else {
                UsageRecord fresh = random(random, "req-" + random.nextInt(distinctIds));
                seen.add(fresh);
                records.add(fresh);
            }
        }
        return records;
    }

    static UsageRecord random(Random random, String id) {
        long input = random.nextInt(5000);
        long output = random.nextInt(2000);
        boolean failed = random.nextInt(10) == 0;
        long latency = random.nextInt(10) == 0 ? random.nextInt(600_000) : random.nextInt(3000);
        return new UsageRecord(id, INSTANCES.get(random.nextInt(INSTANCES.size())),
                START.plusMillis((long) (random.nextDouble() * SPAN_MS)),
                PROVIDERS.get(random.nextInt(PROVIDERS.size())), MODELS.get(random.nextInt(MODELS.size())), "alias",
                "POST /v1/chat/completions", "oauth", "user" + random.nextInt(3) + "@example.com",
                "idx" + random.nextInt(3), KEYS.get(random.nextInt(KEYS.size())), latency, latency / 3,
                new UsageTokens(input, output, random.nextInt(50), random.nextInt(500), input + output), failed,
                failed ? 429 : 200);
    }
}
