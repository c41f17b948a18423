package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.UsageRecord;

/**
 * One request of {@code GET /usage/requests} and of a JSON-lines export: never the API key, only its label and
 * short hash.
 */
public record UsageRecordResponse(String requestId, String instance, long timestamp, String provider, String model,
                                  String alias, String endpoint, String authType, String account, String authIndex,
                                  String apiKeyLabel, String apiKeyHash, long latencyMs, long ttftMs,
                                  long inputTokens, long outputTokens, long reasoningTokens, long cachedTokens,
                                  long totalTokens, boolean failed, int statusCode) {

    public static UsageRecordResponse from(UsageRecord r) {
        return new UsageRecordResponse(r.requestId(), r.instance(), r.timestamp().toEpochMilli(), r.provider(),
                r.model(), r.alias(), r.endpoint(), r.authType(), r.account(), r.authIndex(), r.apiKey().label(),
                r.apiKey().hash(), r.latencyMs(), r.ttftMs(), r.tokens().input(), r.tokens().output(),
                r.tokens().reasoning(), r.tokens().cached(), r.tokens().total(), r.failed(), r.statusCode());
    }
}
