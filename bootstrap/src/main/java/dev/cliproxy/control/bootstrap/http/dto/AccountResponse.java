package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import java.time.Instant;

/**
 * One account of {@code GET /accounts} (and the answer of pause and resume): names, times in epoch ms, never a
 * token. {@code email}, {@code pauseReason}, {@code resumeAt} and {@code expiresAt} only when known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountResponse(String provider, String accountId, String file, String email, boolean paused,
                              String pauseReason, Long resumeAt, Long expiresAt, String state, long modifiedAt) {

    public static AccountResponse from(AccountStatus status) {
        AccountToken token = status.token();
        return new AccountResponse(token.provider(), token.accountId(), token.file(), token.email().orElse(null),
                token.paused(), status.pause().map(p -> p.reason().id()).orElse(null),
                status.pause().flatMap(p -> p.resumeAt()).map(Instant::toEpochMilli).orElse(null),
                token.expiresAt().map(Instant::toEpochMilli).orElse(null), status.state().id(),
                token.modifiedAt().toEpochMilli());
    }
}
