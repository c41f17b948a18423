package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import java.util.List;

/** {@code GET /quota/{provider}/{accountId}}: an account's quotas, as its provider reports them (contract §4). */
public interface GetQuotaUseCase {

    /**
     * @throws dev.cliproxy.control.domain.error.InvalidInputException unknown provider, invalid account id
     * @throws dev.cliproxy.control.domain.error.NotFoundException no token file for the account
     * @throws dev.cliproxy.control.domain.error.ConflictException the account must sign in again
     * @throws dev.cliproxy.control.domain.error.RateLimitedException ours or the provider's rate limit
     * @throws dev.cliproxy.control.domain.error.UpstreamFailureException the provider failed or is unreachable
     * @throws dev.cliproxy.control.domain.error.UpstreamTimeoutException the provider did not answer in time
     */
    QuotaResult quota(String provider, String accountId);

    /** The providers it knows, built-in and added, in the order an invalid-provider error names them. */
    List<QuotaProvider> providers();
}
