package dev.cliproxy.control.domain.model;

/**
 * Adds requests up into {@link UsageTotals}: the one rule of what a total is, for the stores and the in-memory fake
 * alike. Records add one request each; a store's pre-summed rows add their sums and their latency buckets' counts.
 * Not thread-safe: one tally per query.
 */
public final class UsageTally {

    private long requests;
    private long failures;
    private long inputTokens;
    private long outputTokens;
    private long reasoningTokens;
    private long cachedTokens;
    private final long[] latencies = new long[LatencyBuckets.COUNT];

    /** Counts one request. */
    public UsageTally add(UsageRecord record) {
        addSums(1, record.failed() ? 1 : 0, record.tokens().input(), record.tokens().output(),
                record.tokens().reasoning(), record.tokens().cached());
        latencies[record.latencyBucket()]++;
        return this;
    }

    /** Adds sums over {@code count} requests, {@code failed} of which failed (their latencies come separately). */
    public UsageTally addSums(long count, long failed, long input, long output, long reasoning, long cached) {
        requests += count;
        failures += failed;
        inputTokens += input;
        outputTokens += output;
        reasoningTokens += reasoning;
        cachedTokens += cached;
        return this;
    }

    /** Adds {@code count} latencies that fell in {@code bucket}. */
    public UsageTally addLatencies(int bucket, long count) {
        latencies[bucket] += count;
        return this;
    }

    /** Adds everything another tally counted. */
    public UsageTally add(UsageTally other) {
        addSums(other.requests, other.failures, other.inputTokens, other.outputTokens, other.reasoningTokens,
                other.cachedTokens);
        for (int bucket = 0; bucket < latencies.length; bucket++) {
            latencies[bucket] += other.latencies[bucket];
        }
        return this;
    }

    /** How many latencies fell in {@code bucket}. */
    public long latencies(int bucket) {
        return latencies[bucket];
    }

    public long requests() {
        return requests;
    }

    public UsageTotals totals() {
        return new UsageTotals(requests, failures, inputTokens, outputTokens, reasoningTokens, cachedTokens,
                LatencyBuckets.percentile(latencies, 0.5), LatencyBuckets.percentile(latencies, 0.95));
    }
}
