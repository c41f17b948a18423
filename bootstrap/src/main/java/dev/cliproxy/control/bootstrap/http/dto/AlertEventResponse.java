package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.PauseReason;
import java.time.Instant;
import java.util.List;

/**
 * An account alert, as the data of its {@code GET /events} event and as the body of its webhook deliveries:
 * {@code {"type","at","provider","accountId","file","reason"?,"resumeAt"?,"expiresAt"?,"quotas"?}}. Never a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEventResponse(String type, long at, String provider, String accountId, String file,
                                 String reason, Long resumeAt, Long expiresAt, List<QuotaResponse.Entry> quotas) {

    public static AlertEventResponse from(AccountAlert alert) {
        return new AlertEventResponse(alert.kind().id(), alert.at().toEpochMilli(), alert.provider(),
                alert.accountId(), alert.file(), alert.reason().map(PauseReason::id).orElse(null),
                alert.resumeAt().map(Instant::toEpochMilli).orElse(null),
                alert.expiresAt().map(Instant::toEpochMilli).orElse(null),
                alert.quotas().isEmpty() ? null : alert.quotas().stream().map(QuotaResponse.Entry::from).toList());
    }
}
