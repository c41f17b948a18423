package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.JsonCredentialStoreAdapter;
import dev.cliproxy.control.adapter.http.BuiltInQuotaAdapters;
import dev.cliproxy.control.adapter.http.EnvironmentProxySelector;
import dev.cliproxy.control.adapter.http.JdkProxyManagementApiAdapter;
import dev.cliproxy.control.adapter.http.JdkUpstreamCallAdapter;
import dev.cliproxy.control.application.service.GetQuotaService;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.LinkedHashMap;
import java.util.Map;

/** Provider quotas of the accounts whose token files are in the auth directories. */
final class QuotaWiring {

    final GetQuotaService service;
    final QuotaOperations operations;

    QuotaWiring(ControlOptions options, CcsLayout layout, ProxySettingsPort settings, ProxyApiPort proxyApi) {
        Map<String, QuotaProviderPort> providers = new LinkedHashMap<>();
        for (QuotaProvider provider : QuotaProvider.builtIn()) {
            provider.upstream().flatMap(upstream -> BuiltInQuotaAdapters.of(provider, options.upstreamBase(upstream),
                    options.clock)).ifPresent(port -> providers.put(provider.id(), port));
        }
        providers.putAll(options.quotaProviders);
        this.service = new GetQuotaService(
                options.credentialStore != null ? options.credentialStore : new JsonCredentialStoreAdapter(layout),
                providers.values(),
                options.upstreamCall != null ? options.upstreamCall
                        : new JdkUpstreamCallAdapter(options.quotaTimeout,
                                EnvironmentProxySelector.from(options.environment)),
                options.proxyManagement != null
                        ? options.proxyManagement : new JdkProxyManagementApiAdapter(options.quotaTimeout),
                settings, proxyApi, options.clock,
                new QuotaPolicy(options.quotaCacheTtl, options.quotaRequestsPerMinute, options.probeTimeout));
        this.operations = new QuotaOperations(service);
    }
}
