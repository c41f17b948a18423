package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaResult;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /quota/{provider}/{accountId}}: {@code {"provider","accountId","quotas":[..],"fetchedAt","cached"}},
 * plus {@code "supported":false} and {@code "message"} for a provider without a quota endpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaResponse(String provider, String accountId, List<Entry> quotas, long fetchedAt, boolean cached,
                            Boolean supported, String message) {

    /** One quota; {@code limit}, {@code used}, {@code remaining} and {@code resetAt} are always written (maybe null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String model,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long limit,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long used,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long remaining,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long resetAt,
                        String unit, String window, String plan, String tier, String label, Boolean unlimited) {

        static Entry from(QuotaEntry e) {
            return new Entry(e.model(), e.limit(), e.used(), e.remaining(),
                    e.resetAt() == null ? null : e.resetAt().toEpochMilli(), e.unit().id(),
                    e.window(), e.plan(), e.tier(), e.label(), e.unlimited());
        }
    }

    public static QuotaResponse from(QuotaResult result) {
        return switch (result) {
            case QuotaResult.Fetched f -> new QuotaResponse(f.provider().id(), f.accountId(),
                    f.quotas().stream().map(Entry::from).toList(), millis(f.fetchedAt()), f.cached(), null, null);
            case QuotaResult.Unsupported u -> new QuotaResponse(u.provider().id(), u.accountId(), List.of(),
                    millis(u.fetchedAt()), false, false, u.message());
        };
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }
}
