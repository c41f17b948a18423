package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The quotas of the accounts of one fleet instance. Local instances share the CCS directory's accounts: only the
 * first is asked, the others name it in {@code sameAccountsAs}. {@code failure} says why the accounts could not be
 * listed at all.
 */
public record FleetInstanceQuota(FleetInstance instance, Optional<String> sameAccountsAs, List<AccountQuota> accounts,
                                 Optional<FleetFailure> failure) {

    public FleetInstanceQuota {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(sameAccountsAs, "sameAccountsAs");
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(failure, "failure");
    }

    /** One account's quota, or why it could not be had (its own error, or the fleet's rate limit). */
    public record AccountQuota(String provider, String accountId, Optional<QuotaResult> result,
                               Optional<FleetFailure> failure) {

        public AccountQuota {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(failure, "failure");
            if (result.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException("an account's quota is either a result or a failure");
            }
        }
    }
}
