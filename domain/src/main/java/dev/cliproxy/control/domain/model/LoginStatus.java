package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in as {@code GET /accounts/login/{state}} reports it: its phase, why it failed, and the account it added
 * (as {@code GET /accounts} lists it) once done.
 */
public record LoginStatus(String state, String provider, LoginPhase phase, Optional<String> error,
                          Optional<AccountStatus> account) {

    public LoginStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(account, "account");
        if (error.isPresent() != (phase == LoginPhase.ERROR)) {
            throw new IllegalArgumentException("a failed sign-in, and only one, says why");
        }
        if (account.isPresent() && phase != LoginPhase.OK) {
            throw new IllegalArgumentException("only a sign-in that is done has added an account");
        }
    }
}
