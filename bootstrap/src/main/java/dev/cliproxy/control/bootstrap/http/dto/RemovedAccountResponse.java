package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.RemovedAccount;

/**
 * {@code DELETE /accounts/{provider}/{accountId}}: the account removed, where it was ({@code paused}), when, and when
 * its file is deleted for good unless restored (epoch ms).
 */
public record RemovedAccountResponse(String provider, String accountId, String file, boolean paused, long removedAt,
                                     long purgeAt) {

    public static RemovedAccountResponse from(RemovedAccount removed) {
        return new RemovedAccountResponse(removed.token().provider(), removed.token().accountId(),
                removed.token().file(), removed.token().paused(), removed.removedAt().toEpochMilli(),
                removed.purgeAt().toEpochMilli());
    }
}
