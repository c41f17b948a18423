package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the account watch did last: when it looked at the accounts and will next, and in that pass how many quotas it
 * asked for, how many calls failed or were refused by a rate limit, and which accounts must sign in again (their
 * quota is not asked for until their token file changes).
 *
 * @param reauthRequired {@code provider/accountId} of each account whose token expired or was rejected
 */
public record AccountAutomationStatus(boolean enabled, Optional<Instant> lastPassAt, Optional<Instant> nextPassAt,
                                      int polled, int failed, int rateLimited, List<String> reauthRequired) {

    public static final AccountAutomationStatus NEVER = new AccountAutomationStatus(false, Optional.empty(),
            Optional.empty(), 0, 0, 0, List.of());

    public AccountAutomationStatus {
        Objects.requireNonNull(lastPassAt, "lastPassAt");
        Objects.requireNonNull(nextPassAt, "nextPassAt");
        reauthRequired = List.copyOf(reauthRequired);
    }
}
