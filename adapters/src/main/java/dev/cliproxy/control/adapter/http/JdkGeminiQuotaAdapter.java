package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Gemini CLI: {@code POST https://cloudcode-pa.googleapis.com/v1internal:retrieveUserQuota} (ccs-behaviour.md §5.2). */
public final class JdkGeminiQuotaAdapter implements QuotaProviderPort {

    private final URI base;

    public JdkGeminiQuotaAdapter(URI base) {
        this.base = base;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.GEMINI;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        String project = credential.projectId().orElseThrow(() -> new ConflictException(ErrorCode.MISSING_PROJECT_ID,
                "The Gemini token file names no project_id; sign in with the Gemini CLI again so that it picks one."));
        ObjectNode body = UpstreamAnswers.JSON.createObjectNode().put("project", project);
        UpstreamRequest request = UpstreamRequest.post(UpstreamAnswers.at(base, "/v1internal:retrieveUserQuota"),
                Map.of("Content-Type", "application/json", "Accept", "application/json"), body.toString(), "Bearer");
        return GeminiQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "gemini", false));
    }
}
