package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Codex (ChatGPT): {@code GET https://chatgpt.com/backend-api/wham/usage} (ccs-behaviour.md §5.3). */
public final class JdkCodexQuotaAdapter implements QuotaProviderPort {
    static final String USER_AGENT = "codex_cli_rs/0.76.0 (Debian 13.0.0; x86_64) WindowsTerminal";

    private final URI base;
    private final Clock clock;

    public JdkCodexQuotaAdapter(URI base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.CODEX;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        credential.accountId().ifPresent(id -> headers.put("ChatGPT-Account-Id", id));
        UpstreamRequest request = UpstreamRequest.get(UpstreamAnswers.at(base, "/backend-api/wham/usage"), headers,
                "Bearer");
        return CodexQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "codex", false), clock.instant());
    }
}
