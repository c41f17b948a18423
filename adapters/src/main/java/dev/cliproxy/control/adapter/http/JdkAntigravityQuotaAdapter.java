package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Antigravity: {@code loadCodeAssist} for the project and tier, then {@code fetchAvailableModels} for each model's
 * remaining fraction (ccs-behaviour.md §5.1, cliproxyapi.md §7). Unlike the Node dashboard it writes nothing: a
 * quota read has no side effects (W10).
 */
public final class JdkAntigravityQuotaAdapter implements QuotaProviderPort {

    private final URI base;

    public JdkAntigravityQuotaAdapter(URI base) {
        this.base = base;
    }

    @Override
    public QuotaProvider provider() {
        return QuotaProvider.AGY;
    }

    @Override
    public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
        Optional<JsonNode> assist = loadCodeAssist(credential, upstream);
        Optional<String> project = assist.flatMap(AntigravityQuotaMapper::project).or(credential::projectId);
        String tier = assist.flatMap(AntigravityQuotaMapper::tier).orElse(null);
        ObjectNode body = UpstreamAnswers.JSON.createObjectNode();
        project.ifPresent(id -> body.put("project", id));
        UpstreamRequest request = UpstreamRequest.post(UpstreamAnswers.at(base, "/v1internal:fetchAvailableModels"),
                Map.of("Content-Type", "application/json", "User-Agent", "antigravity/1.104.0 darwin/arm64"),
                body.toString(), "Bearer");
        return AntigravityQuotaMapper.map(UpstreamAnswers.requireJson(upstream.call(request, credential), credential,
                "agy", false), tier);
    }

    /**
     * Project and tier; only a rejected token or a rate limit is final here, any other failure falls back to the
     * file's {@code project_id} and an unknown tier, and the quota call decides.
     */
    private Optional<JsonNode> loadCodeAssist(Credential credential, UpstreamCallPort upstream) {
        ObjectNode metadata = UpstreamAnswers.JSON.createObjectNode();
        metadata.putObject("metadata").put("ide_name", "antigravity").put("ide_type", "ANTIGRAVITY")
                .put("ide_version", "1.21.9");
        UpstreamRequest request = UpstreamRequest.post(UpstreamAnswers.at(base, "/v1internal:loadCodeAssist"), Map.of(
                "Content-Type", "application/json",
                "User-Agent", "antigravity/1.21.9 darwin/arm64 google-api-nodejs-client/10.3.0",
                "X-Goog-Api-Client", "gl-node/22.21.1"), metadata.toString(), "Bearer");
        try {
            return Optional.of(UpstreamAnswers.requireJson(upstream.call(request, credential), credential, "agy", false));
        } catch (ConflictException | RateLimitedException decisive) {
            throw decisive;
        } catch (ControlException other) {
            return Optional.empty();
        }
    }
}
