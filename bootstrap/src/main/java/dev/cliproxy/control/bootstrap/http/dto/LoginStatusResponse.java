package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.LoginStatus;

/**
 * {@code GET /accounts/login/{state}}: {@code status} {@code wait}, {@code ok} (with the {@code account} added, as
 * {@code GET /accounts} lists it) or {@code error} (with why).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginStatusResponse(String state, String provider, String status, String error,
                                  AccountResponse account) {

    public static LoginStatusResponse from(LoginStatus login) {
        return new LoginStatusResponse(login.state(), login.provider(), login.phase().id(),
                login.error().orElse(null), login.account().map(AccountResponse::from).orElse(null));
    }
}
