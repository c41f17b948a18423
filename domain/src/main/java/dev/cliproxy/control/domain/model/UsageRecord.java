package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One request the proxy served, as its usage feed hands it out ({@code cliproxyapi.md} §3.3, {@code usage-queue}),
 * reduced to what is kept: never the client's API key, only its {@link ApiKeyIdentity}; never a failure's body,
 * only its status code. Its key is its instant, instance and request id ({@link UsageCursor#of}): storing a record
 * twice keeps one.
 *
 * @param instance   the proxy it came from ({@link #LOCAL} for this machine's; a fleet names its instances)
 * @param account    the credential's label as the proxy reports it ({@code source}: an email or a file name)
 * @param authIndex  the proxy's id of that credential ({@code auth_index}), empty when it gives none
 * @param statusCode the answer's HTTP status (200 when it succeeded)
 */
public record UsageRecord(String requestId, String instance, Instant timestamp, String provider, String model,
                          String alias, String endpoint, String authType, String account, String authIndex,
                          ApiKeyIdentity apiKey, long latencyMs, long ttftMs, UsageTokens tokens, boolean failed,
                          int statusCode) {

    /** The instance name of the proxy on this machine. */
    public static final String LOCAL = "local";
    /** The longest request id kept; the proxy's are UUID-like, far shorter. */
    public static final int MAX_ID_LENGTH = 200;
    /** Longer texts (model names, labels) are cut to this many characters. */
    public static final int MAX_TEXT_LENGTH = 200;

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank() || requestId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a usage record's request id must be 1 to " + MAX_ID_LENGTH
                    + " characters");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(tokens, "tokens");
        instance = text(instance);
        provider = text(provider);
        model = text(model);
        alias = text(alias);
        endpoint = text(endpoint);
        authType = text(authType);
        account = text(account);
        authIndex = text(authIndex);
        latencyMs = Math.max(0, latencyMs);
        ttftMs = Math.max(0, ttftMs);
    }

    /** This record as one of the instance {@code name}'s. */
    public UsageRecord withInstance(String name) {
        return new UsageRecord(requestId, name, timestamp, provider, model, alias, endpoint, authType, account,
                authIndex, apiKey, latencyMs, ttftMs, tokens, failed, statusCode);
    }

    /** The bucket of {@link LatencyBuckets} this record's latency falls in. */
    public int latencyBucket() {
        return LatencyBuckets.of(latencyMs);
    }

    /** The start of the UTC hour of {@link #timestamp()}, in epoch milliseconds. */
    public long hour() {
        return UtcPeriods.hourOf(timestamp.toEpochMilli());
    }

    private static String text(String value) {
        if (value == null) {
            return "";
        }
        String stripped = value.strip();
        return stripped.length() > MAX_TEXT_LENGTH ? stripped.substring(0, MAX_TEXT_LENGTH) : stripped;
    }
}
