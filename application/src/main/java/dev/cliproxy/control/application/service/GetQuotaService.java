package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.ListKnownQuotasUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.AccountId;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates the request, applies the per-provider rate limit, serves from the cache, else reads the account's
 * token file and asks the provider: directly with the file's token, or through the running proxy's management
 * {@code api-call} when that token has expired or was rejected (the proxy refreshes tokens; we never do).
 * Only successes are cached: 429, 5xx and timeouts may pass, so they are asked again next time.
 */
public final class GetQuotaService implements GetQuotaUseCase, ListKnownQuotasUseCase {

    private final CredentialStorePort credentials;
    /** Every provider by its id: the built-in ones, then those the ports add, in that order. */
    private final Map<String, QuotaProvider> providers = new LinkedHashMap<>();
    private final Map<String, QuotaProviderPort> ports = new HashMap<>();
    private final UpstreamCallPort direct;
    private final ProxyManagementPort management;
    private final ProxySettingsPort settings;
    private final ProxyApiPort proxyApi;
    private final Clock clock;
    private final Duration probeTimeout;
    private final QuotaCache cache;
    /** The last quota fetched per provider and account, for the metrics; one entry per account. */
    private final Map<String, QuotaResult.Fetched> known = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, QuotaRateLimiter> limiters = new HashMap<>();

    public GetQuotaService(CredentialStorePort credentials, Collection<? extends QuotaProviderPort> providerPorts,
                           UpstreamCallPort direct, ProxyManagementPort management, ProxySettingsPort settings,
                           ProxyApiPort proxyApi, Clock clock, QuotaPolicy quotaPolicy) {
        this.credentials = credentials;
        QuotaProvider.builtIn().forEach(provider -> providers.put(provider.id(), provider));
        for (QuotaProviderPort port : providerPorts) {
            providers.put(port.provider().id(), port.provider());
            ports.put(port.provider().id(), port);
        }
        this.direct = direct;
        this.management = management;
        this.settings = settings;
        this.proxyApi = proxyApi;
        this.clock = clock;
        this.probeTimeout = quotaPolicy.probeTimeout();
        this.cache = new QuotaCache(quotaPolicy.cacheTtl(), clock);
        for (String provider : providers.keySet()) {
            limiters.put(provider, new QuotaRateLimiter(quotaPolicy.requestsPerMinute(), Duration.ofMinutes(1), clock));
        }
    }

    @Override
    public List<QuotaResult.Fetched> known() {
        return List.copyOf(known.values());
    }

    @Override
    public List<QuotaProvider> providers() {
        return List.copyOf(providers.values());
    }

    @Override
    public QuotaResult quota(String providerId, String accountId) {
        QuotaProvider provider = providerId == null ? null : providers.get(providerId);
        if (provider == null) {
            throw new InvalidInputException(ErrorCode.INVALID_PROVIDER,
                    "Provider must be one of: " + String.join(", ", providers.keySet()));
        }
        if (!AccountId.isValid(accountId)) {
            throw new InvalidInputException(ErrorCode.INVALID_ACCOUNT_ID, null);
        }
        limiters.get(provider.id()).tryAcquire().ifPresent(wait -> {
            throw new RateLimitedException(ErrorCode.RATE_LIMITED,
                    "Retry after " + Math.max(1, wait.toSeconds()) + " s", wait);
        });
        QuotaProviderPort port = ports.get(provider.id());
        if (port == null) {
            return new QuotaResult.Unsupported(provider, accountId, provider.id()
                    + " publishes no quota endpoint, so there is no quota to show for this account", clock.instant());
        }
        Optional<QuotaResult.Fetched> hit = cache.get(provider, accountId);
        if (hit.isPresent()) {
            return hit.get();
        }
        Credential credential = credentials.find(provider, accountId)
                .orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, null));
        List<QuotaEntry> quotas = fetch(port, credential);
        QuotaResult.Fetched result = new QuotaResult.Fetched(provider, accountId, quotas, clock.instant(), false);
        cache.put(result);
        known.put(provider.id() + "/" + accountId, result);
        return result;
    }

    private List<QuotaEntry> fetch(QuotaProviderPort port, Credential credential) {
        if (credential.expiredAt(clock.instant())) {
            UpstreamCallPort managed = managedCaller().orElseThrow(() -> reauth(credential, "has expired"));
            return port.fetch(credential, managed);
        }
        try {
            return port.fetch(credential, withRetry(direct));
        } catch (ConflictException rejected) {
            if (rejected.errorCode().orElse(null) != ErrorCode.REAUTH_REQUIRED) {
                throw rejected;
            }
            // The file's token may be stale while the proxy holds a refreshed one.
            UpstreamCallPort managed = managedCaller().orElseThrow(() -> reauth(credential, "was rejected"));
            return port.fetch(credential, managed);
        }
    }

    /** The proxy's management {@code api-call}, when the proxy runs and its management secret is readable. */
    private Optional<UpstreamCallPort> managedCaller() {
        int port = settings.lifecyclePort();
        if (proxyApi.probe(port, probeTimeout) != ProbeResult.PROXY) {
            return Optional.empty();
        }
        return settings.managementSecret(port).map(secret ->
                withRetry((request, credential) -> management.apiCall(port, secret, credential, request)));
    }

    private static ConflictException reauth(Credential credential, String what) {
        return new ConflictException(ErrorCode.REAUTH_REQUIRED, "The " + credential.provider().id()
                + " access token " + what + ". Start the proxy (with a management secret-key in its config) so that "
                + "it refreshes the token, or sign in to this account again.");
    }

    /** One more try after a timeout or a 5xx answer; anything else is final. */
    static UpstreamCallPort withRetry(UpstreamCallPort delegate) {
        return (request, credential) -> {
            try {
                UpstreamResponse first = delegate.call(request, credential);
                if (first.status() < 500) {
                    return first;
                }
            } catch (UpstreamTimeoutException timedOut) {
                // fall through to the single retry
            }
            return delegate.call(request, credential);
        };
    }
}
