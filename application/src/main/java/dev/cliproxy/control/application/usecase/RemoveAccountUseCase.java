package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.RemovedAccount;

/**
 * {@code DELETE /accounts/{provider}/{accountId}} and {@code POST .../restore}: a removed account's file waits in
 * {@code auth-removed/} for {@link RemovedAccount#KEPT_FOR}, so that a slip of the finger loses nothing.
 */
public interface RemoveAccountUseCase {

    /**
     * Moves the account's file (the active one, else the paused one) to {@code auth-removed/}: the proxy stops using
     * it at once. The errors of a pause: 400 for a malformed provider or id, 404 for an unknown account.
     */
    RemovedAccount remove(String provider, String accountId);

    /**
     * Moves the account's most recently removed file back where it came from. 404 when none is kept;
     * {@code ConflictException} {@code account_exists} when a file of its name is there again.
     */
    AccountStatus restore(String provider, String accountId);
}
