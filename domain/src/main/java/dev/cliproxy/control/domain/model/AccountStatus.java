package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/** One account as {@code GET /accounts} reports it: its token file, its pause (when paused) and its token's health. */
public record AccountStatus(AccountToken token, Optional<AccountPause> pause, TokenState state) {

    public AccountStatus {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(state, "state");
        if (pause.isPresent() != token.paused()) {
            throw new IllegalArgumentException("a pause record belongs to a paused account only");
        }
    }
}
