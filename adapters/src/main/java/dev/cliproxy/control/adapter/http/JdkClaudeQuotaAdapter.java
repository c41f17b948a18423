package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Claude (Anthropic OAuth): {@code GET https://api.anthropic.com/api/oauth/usage} (ccs-behaviour.md §5.4). */
public final class JdkClaudeQuotaAdapter implements QuotaProviderPort {

    private final URI base;

    public JdkClaudeQuotaAdapter(URI base) {
        this.base = base;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.CLAUDE;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        UpstreamRequest request = UpstreamRequest.get(UpstreamAnswers.at(base, "/api/oauth/usage"), Map.of(
                "Accept", "application/json",
                "anthropic-beta", "oauth-2025-04-20"), "Bearer");
        return ClaudeQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "claude", false));
    }
}
