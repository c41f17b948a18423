package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.JsonCredentialStoreAdapter;
import dev.cliproxy.control.adapter.http.BuiltInQuotaAdapters;
import dev.cliproxy.control.adapter.http.EnvironmentProxySelector;
import dev.cliproxy.control.adapter.http.JdkProxyManagementApiAdapter;
import dev.cliproxy.control.adapter.http.JdkUpstreamCallAdapter;
import dev.cliproxy.control.application.service.GetQuotaService;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.LinkedHashMap;
import java.util.Map;

/** Provider quotas of the accounts whose token files are in the auth directories. */
final class QuotaWiring {

    /** The local accounts' quotas, whatever the ccs settings' remote mode says. */
    final GetQuotaService service;
    /** What the routes and the facade serve: {@link #service}, or the remote proxy's quotas. */
    final GetQuotaUseCase selected;
    final QuotaOperations operations;
    /** The provider adapters, by id: the built-in ones, then those the builder adds or replaces. */
    final Map<String, QuotaProviderPort> providers = new LinkedHashMap<>();
    /** Provider calls made with a token file's own token. */
    final UpstreamCallPort direct;
    /** The token files of {@code auth/} and {@code auth-paused/}. */
    final CredentialStorePort credentials;
    final QuotaPolicy policy;

    QuotaWiring(ControlOptions options, CcsLayout layout, ProxySettingsPort settings, ProxyApiPort proxyApi,
                CcsTarget target) {
        for (QuotaProvider provider : QuotaProvider.builtIn()) {
            provider.upstream().flatMap(upstream -> BuiltInQuotaAdapters.of(provider, options.upstreamBase(upstream),
                    options.clock)).ifPresent(port -> providers.put(provider.id(), port));
        }
        providers.putAll(options.quotaProviders);
        this.credentials = options.credentialStore != null
                ? options.credentialStore : new JsonCredentialStoreAdapter(layout);
        this.direct = options.upstreamCall != null ? options.upstreamCall
                : new JdkUpstreamCallAdapter(options.quotaTimeout, EnvironmentProxySelector.from(options.environment));
        this.policy = new QuotaPolicy(options.quotaCacheTtl, options.quotaRequestsPerMinute, options.probeTimeout);
        this.service = new GetQuotaService(credentials, providers.values(), direct,
                options.proxyManagement != null
                        ? options.proxyManagement : new JdkProxyManagementApiAdapter(options.quotaTimeout),
                settings, proxyApi, options.clock, policy);
        this.selected = target.quota(service);
        this.operations = new QuotaOperations(selected);
    }
}
