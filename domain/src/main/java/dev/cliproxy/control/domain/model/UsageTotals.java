package dev.cliproxy.control.domain.model;

/**
 * The sums of a set of requests: how many, how many failed, their tokens, and the median and 95th percentile of
 * their latencies ({@link LatencyBuckets}: within 12.5%).
 */
public record UsageTotals(long requests, long failures, long inputTokens, long outputTokens, long reasoningTokens,
                          long cachedTokens, long latencyP50Ms, long latencyP95Ms) {

    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0);
}
