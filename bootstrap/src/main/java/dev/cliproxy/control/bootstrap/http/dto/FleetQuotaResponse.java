package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.FleetFailure;
import dev.cliproxy.control.domain.model.FleetInstanceQuota;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/fleet/quota}: {@code {"instances":[{"id","name","kind","accounts":[...]}]}}; an account has its
 * {@code quota} (the body of {@code GET /quota/{provider}/{accountId}}) or an {@code error}, {@code code} and
 * {@code message}; an instance whose accounts could not be listed has those three itself, and a local instance
 * after the first names it in {@code sameAccountsAs} (they share the CCS directory's accounts).
 */
public record FleetQuotaResponse(List<Instance> instances) {

    public static FleetQuotaResponse from(List<FleetInstanceQuota> quotas) {
        return new FleetQuotaResponse(quotas.stream().map(Instance::from).toList());
    }

    /** One instance's accounts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String id, String name, String kind, String sameAccountsAs, List<Account> accounts,
                           String error, String code, String message) {

        static Instance from(FleetInstanceQuota quota) {
            FleetInstanceResponse instance = FleetInstanceResponse.from(quota.instance());
            Optional<FleetFailure> failure = quota.failure();
            return new Instance(instance.id(), instance.name(), instance.kind(), quota.sameAccountsAs().orElse(null),
                    quota.accounts().stream().map(Account::from).toList(),
                    failure.map(FleetFailure::error).orElse(null), failure.flatMap(FleetFailure::code).orElse(null),
                    failure.flatMap(FleetFailure::message).orElse(null));
        }
    }

    /** One account. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String provider, String accountId, QuotaResponse quota, String error, String code,
                          String message) {

        static Account from(FleetInstanceQuota.AccountQuota account) {
            Optional<FleetFailure> failure = account.failure();
            return new Account(account.provider(), account.accountId(),
                    account.result().map(QuotaResponse::from).orElse(null),
                    failure.map(FleetFailure::error).orElse(null), failure.flatMap(FleetFailure::code).orElse(null),
                    failure.flatMap(FleetFailure::message).orElse(null));
        }
    }
}
