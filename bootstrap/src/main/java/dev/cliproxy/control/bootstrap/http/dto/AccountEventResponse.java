package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.AccountEvent;

/**
 * An account being added on {@code GET /events}: {@code login-started}, {@code account-added} (with the
 * {@code account}; {@code state} absent for an import), {@code login-failed} (with its {@code reason}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountEventResponse(String type, String provider, String state, AccountResponse account,
                                   String reason, long at) {

    public static AccountEventResponse from(AccountEvent event) {
        return new AccountEventResponse(event.kind().id(), event.provider(), event.state().orElse(null),
                event.account().map(AccountResponse::from).orElse(null), event.reason().orElse(null),
                event.at().toEpochMilli());
    }
}
