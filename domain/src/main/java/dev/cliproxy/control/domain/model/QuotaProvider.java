package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider whose accounts' quota {@code GET /quota/{provider}/{accountId}} reports (contract §4), with its facts:
 * the name in the URL, how CLIProxyAPI and the {@code ccs} CLI name its token files, the service its quota API is
 * on (none when it publishes no quota endpoint), and whether only the Plus backend (CLIProxyAPIPlus) serves its
 * accounts. The built-in ones are the constants below; an embedder adds one with its own quota adapter.
 *
 * @param id               the name used in the URL, lower case
 * @param tokenFiles       how its token files are named and recognised
 * @param upstream         its quota API's service, of the same name; empty when it publishes none
 * @param needsPlusBackend whether only the Plus backend serves its accounts
 */
public record QuotaProvider(String id, TokenFileNaming tokenFiles, Optional<Upstream> upstream,
                            boolean needsPlusBackend) {

    public static final QuotaProvider AGY = withQuotaApi("agy", "https://cloudcode-pa.googleapis.com", false,
            new TokenFileNaming(List.of("antigravity"), List.of("antigravity-")));
    public static final QuotaProvider GEMINI = withQuotaApi("gemini", "https://cloudcode-pa.googleapis.com", false,
            new TokenFileNaming(List.of("gemini", "gemini-cli"), List.of("gemini-")));
    public static final QuotaProvider CODEX = withQuotaApi("codex", "https://chatgpt.com", false,
            new TokenFileNaming(List.of("codex"), List.of("codex-")));
    /** iFlow publishes no quota endpoint: its accounts answer {@code "supported":false}. */
    public static final QuotaProvider IFLOW = new QuotaProvider("iflow",
            new TokenFileNaming(List.of("iflow"), List.of("iflow-")), Optional.empty(), false);
    public static final QuotaProvider KIRO = withQuotaApi("kiro", "https://codewhisperer.us-east-1.amazonaws.com",
            true, new TokenFileNaming(List.of("kiro", "codewhisperer"), List.of("kiro-", "aws-", "codewhisperer-")));
    public static final QuotaProvider GHCP = withQuotaApi("ghcp", "https://api.github.com", true,
            new TokenFileNaming(List.of("github-copilot", "copilot"), List.of("github-copilot-", "copilot-", "gh-")));
    public static final QuotaProvider CLAUDE = withQuotaApi("claude", "https://api.anthropic.com", false,
            new TokenFileNaming(List.of("claude", "anthropic"), List.of("claude-", "anthropic-")));

    private static final List<QuotaProvider> BUILT_IN = List.of(AGY, GEMINI, CODEX, IFLOW, KIRO, GHCP, CLAUDE);

    public QuotaProvider {
        Upstream.checkId(id);
        Objects.requireNonNull(tokenFiles, "tokenFiles");
        Objects.requireNonNull(upstream, "upstream");
        upstream.filter(u -> !u.id().equals(id)).ifPresent(u -> {
            throw new IllegalArgumentException("provider " + id + " has its quota API under another name: " + u.id());
        });
    }

    /** A provider whose quota API is at {@code quotaBase}. */
    public static QuotaProvider withQuotaApi(String id, String quotaBase, boolean needsPlusBackend,
                                             TokenFileNaming tokenFiles) {
        return new QuotaProvider(id, tokenFiles, Optional.of(new Upstream(id, URI.create(quotaBase))),
                needsPlusBackend);
    }

    /** The built-in providers, in the order an invalid-provider error lists them. */
    public static List<QuotaProvider> builtIn() {
        return BUILT_IN;
    }
}
