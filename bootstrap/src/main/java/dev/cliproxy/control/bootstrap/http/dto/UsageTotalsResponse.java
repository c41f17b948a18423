package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.UsageTotals;

/** The sums of a set of requests, in the contract's names. */
public record UsageTotalsResponse(long requests, long failures, long inputTokens, long outputTokens,
                                  long reasoningTokens, long cachedTokens, long latencyP50Ms, long latencyP95Ms) {

    public static UsageTotalsResponse from(UsageTotals t) {
        return new UsageTotalsResponse(t.requests(), t.failures(), t.inputTokens(), t.outputTokens(),
                t.reasoningTokens(), t.cachedTokens(), t.latencyP50Ms(), t.latencyP95Ms());
    }
}
