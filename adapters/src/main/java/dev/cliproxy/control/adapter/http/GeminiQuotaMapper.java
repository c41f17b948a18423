package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code retrieveUserQuota} → one entry per bucket. With a {@code remainingAmount} the entry counts tokens (or
 * requests, by {@code tokenType}): the limit follows from amount and fraction when the fraction is above zero,
 * else only the remainder is known. Without an amount it is the fraction, as {@code percent}.
 */
final class GeminiQuotaMapper {

    private GeminiQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root) {
        List<QuotaEntry> entries = new ArrayList<>();
        for (JsonNode bucket : root.path("buckets")) {
            if (!bucket.isObject()) {
                continue;
            }
            Optional<String> model = firstText(bucket, "modelId", "model_id");
            if (model.isEmpty()) {
                continue;
            }
            String tokenType = firstText(bucket, "tokenType", "token_type").orElse(null);
            Instant resetAt = firstInstant(bucket, "resetTime", "reset_time").orElse(null);
            OptionalDouble fraction = firstNumber(bucket, "remainingFraction", "remaining_fraction");
            OptionalDouble amount = firstNumber(bucket, "remainingAmount", "remaining_amount");
            QuotaEntry entry;
            if (amount.isPresent()) {
                entry = absolute(model.get(), amount.getAsDouble(), fraction, resetAt, unit(tokenType));
            } else if (fraction.isPresent()) {
                entry = QuotaEntry.percent(model.get(), fraction.getAsDouble(), resetAt);
            } else {
                continue;
            }
            entries.add(entry.withLabel(tokenType));
        }
        return entries;
    }

    private static QuotaEntry absolute(String model, double amount, OptionalDouble fraction, Instant resetAt,
                                       QuotaUnit unit) {
        long remaining = Math.max(0, Math.round(Math.min(amount, 1e15)));
        double share = fraction.isPresent() ? Math.min(1, fraction.getAsDouble()) : 0;
        if (share > 0 && remaining / share < 1e15) {
            long limit = Math.max(remaining, Math.round(remaining / share));
            return QuotaEntry.absolute(model, limit, limit - remaining, resetAt, unit);
        }
        return new QuotaEntry(model, null, null, remaining, resetAt, unit, null, null, null, null, null);
    }

    private static QuotaUnit unit(String tokenType) {
        return tokenType != null && tokenType.toLowerCase(Locale.ROOT).contains("request")
                ? QuotaUnit.REQUESTS : QuotaUnit.TOKENS;
    }
}
