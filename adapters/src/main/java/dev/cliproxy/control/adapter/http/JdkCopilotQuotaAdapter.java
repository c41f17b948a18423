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

/**
 * GitHub Copilot: {@code GET https://api.github.com/copilot_internal/user} with {@code Authorization: token}
 * (ccs-behaviour.md §5.5). GitHub answers 403 for a revoked token, so 403 also means signing in again.
 */
public final class JdkCopilotQuotaAdapter implements QuotaProviderPort {

    private final URI base;

    public JdkCopilotQuotaAdapter(URI base) {
        this.base = base;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.GHCP;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        UpstreamRequest request = UpstreamRequest.get(UpstreamAnswers.at(base, "/copilot_internal/user"), Map.of(
                "Accept", "application/json",
                "User-Agent", "GitHubCopilotChat/0.26.7",
                "X-GitHub-Api-Version", "2025-04-01"), "token");
        return CopilotQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "ghcp", true));
    }
}
