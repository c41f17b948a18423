package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.JsonCredentialStoreAdapter;
import dev.cliproxy.control.adapter.http.EnvironmentProxySelector;
import dev.cliproxy.control.adapter.http.JdkAntigravityQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkClaudeQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkCodexQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkCopilotQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkGeminiQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkKiroQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyManagementApiAdapter;
import dev.cliproxy.control.adapter.http.JdkUpstreamCallAdapter;
import dev.cliproxy.control.application.service.GetQuotaService;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Provider quotas of the accounts whose token files are in the auth directories. */
final class QuotaWiring {

    final GetQuotaService service;
    final QuotaOperations operations;

    QuotaWiring(CliProxyControlBuilder builder, CcsLayout layout, ProxySettingsPort settings, ProxyApiPort proxyApi) {
        Map<QuotaProvider, QuotaProviderPort> providers = new EnumMap<>(QuotaProvider.class);
        for (QuotaProviderPort port : List.of(
                new JdkAntigravityQuotaAdapter(builder.upstreamBase(Upstream.AGY, JdkAntigravityQuotaAdapter.DEFAULT_BASE)),
                new JdkGeminiQuotaAdapter(builder.upstreamBase(Upstream.GEMINI, JdkGeminiQuotaAdapter.DEFAULT_BASE)),
                new JdkCodexQuotaAdapter(builder.upstreamBase(Upstream.CODEX, JdkCodexQuotaAdapter.DEFAULT_BASE),
                        builder.clock),
                new JdkKiroQuotaAdapter(builder.upstreamBase(Upstream.KIRO, JdkKiroQuotaAdapter.DEFAULT_BASE)),
                new JdkCopilotQuotaAdapter(builder.upstreamBase(Upstream.GHCP, JdkCopilotQuotaAdapter.DEFAULT_BASE)),
                new JdkClaudeQuotaAdapter(builder.upstreamBase(Upstream.CLAUDE, JdkClaudeQuotaAdapter.DEFAULT_BASE)))) {
            providers.put(port.provider(), port);
        }
        providers.putAll(builder.quotaProviders);
        this.service = new GetQuotaService(
                builder.credentialStore != null ? builder.credentialStore : new JsonCredentialStoreAdapter(layout),
                providers.values(),
                builder.upstreamCall != null ? builder.upstreamCall
                        : new JdkUpstreamCallAdapter(builder.quotaTimeout,
                                EnvironmentProxySelector.from(builder.environment)),
                builder.proxyManagement != null
                        ? builder.proxyManagement : new JdkProxyManagementApiAdapter(builder.quotaTimeout),
                settings, proxyApi, builder.clock,
                new QuotaPolicy(builder.quotaCacheTtl, builder.quotaRequestsPerMinute, builder.probeTimeout));
        this.operations = new QuotaOperations(service);
    }
}
