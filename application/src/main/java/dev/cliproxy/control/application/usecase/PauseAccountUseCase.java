package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountStatus;

/** {@code POST /accounts/{provider}/{accountId}/pause} and {@code /resume}: a person's pause and resume. */
public interface PauseAccountUseCase {

    /**
     * Moves the account's file to {@code auth-paused/} and records a manual pause. {@code InvalidInputException} for
     * a malformed provider or account id, {@code NotFoundException} for an unknown account,
     * {@code ConflictException} when it is already paused.
     */
    AccountStatus pause(String provider, String accountId);

    /** Moves the account's file back to {@code auth/} and forgets its pause; the errors of {@link #pause}. */
    AccountStatus resume(String provider, String accountId);
}
