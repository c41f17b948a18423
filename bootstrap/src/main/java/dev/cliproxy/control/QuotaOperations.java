package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.domain.model.QuotaResult;

/** Provider quotas of the proxy's accounts: {@code control.quota()}. */
public final class QuotaOperations {

    private final GetQuotaUseCase quota;

    QuotaOperations(GetQuotaUseCase quota) {
        this.quota = quota;
    }

    /**
     * The quotas of one account, as {@code GET /quota/{provider}/{accountId}} answers them (contract §4).
     *
     * @param provider  one of {@code agy, gemini, codex, iflow, kiro, ghcp, claude}
     * @param accountId the account's email or its token file's stem
     * @throws dev.cliproxy.control.domain.error.ControlException for every non-200 answer of the contract
     */
    public QuotaResult fetch(String provider, String accountId) {
        return quota.quota(provider, accountId);
    }
}
