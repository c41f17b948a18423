package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Kiro (AWS CodeWhisperer): {@code POST https://codewhisperer.us-east-1.amazonaws.com/} with target
 * {@code AmazonCodeWhispererService.GetUsageLimits} (cliproxyapi.md §7).
 */
public final class JdkKiroQuotaAdapter implements QuotaProviderPort {

    private final URI base;

    public JdkKiroQuotaAdapter(URI base) {
        this.base = base;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.KIRO;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        ObjectNode body = UpstreamAnswers.JSON.createObjectNode();
        body.put("origin", "AI_EDITOR");
        credential.profileArn().ifPresent(arn -> body.put("profileArn", arn));
        body.put("resourceType", "AGENTIC_REQUEST");
        UpstreamRequest request = UpstreamRequest.post(UpstreamAnswers.at(base, "/"), Map.of(
                "Content-Type", "application/x-amz-json-1.0",
                "Accept", "application/json",
                "x-amz-target", "AmazonCodeWhispererService.GetUsageLimits"), body.toString(), "Bearer");
        return KiroQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "kiro", false));
    }
}
