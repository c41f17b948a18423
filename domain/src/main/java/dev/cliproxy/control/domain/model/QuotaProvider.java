package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A provider whose accounts' quota {@code GET /quota/{provider}/{accountId}} reports (contract §4), with its facts:
 * the name in the URL, how CLIProxyAPI and the {@code ccs} CLI name its token files, the service its quota API is
 * on (none when it publishes no quota endpoint), whether only the Plus backend (CLIProxyAPIPlus) serves its
 * accounts, and the sign-in flow of the proxy's management API that adds one. The built-in ones are the constants
 * below; an embedder adds one with its own quota adapter.
 *
 * @param id               the name used in the URL, lower case
 * @param tokenFiles       how its token files are named and recognised
 * @param upstream         its quota API's service, of the same name; empty when it publishes none
 * @param needsPlusBackend whether only the Plus backend serves its accounts (and signs them in)
 * @param loginFlow        the proxy's OAuth flow ({@code /v0/management/<flow>-auth-url}); empty when the proxy
 *                         cannot sign its accounts in (their token files are imported instead)
 */
public record QuotaProvider(String id, TokenFileNaming tokenFiles, Optional<Upstream> upstream,
                            boolean needsPlusBackend, Optional<String> loginFlow) {

    /**
     * A flow name as the proxy's management routes spell it ({@code gemini-cli}, {@code anthropic}); first, as the
     * constants below are checked against it.
     */
    private static final Pattern FLOW = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public static final QuotaProvider AGY = withQuotaApi("agy", "https://cloudcode-pa.googleapis.com", false,
            new TokenFileNaming(List.of("antigravity"), List.of("antigravity-"))).withLogin("antigravity");
    public static final QuotaProvider GEMINI = withQuotaApi("gemini", "https://cloudcode-pa.googleapis.com", false,
            new TokenFileNaming(List.of("gemini", "gemini-cli"), List.of("gemini-"))).withLogin("gemini-cli");
    public static final QuotaProvider CODEX = withQuotaApi("codex", "https://chatgpt.com", false,
            new TokenFileNaming(List.of("codex"), List.of("codex-"))).withLogin("codex");
    /** iFlow publishes no quota endpoint: its accounts answer {@code "supported":false}. */
    public static final QuotaProvider IFLOW = new QuotaProvider("iflow",
            new TokenFileNaming(List.of("iflow"), List.of("iflow-")), Optional.empty(), false).withLogin("iflow");
    public static final QuotaProvider KIRO = withQuotaApi("kiro", "https://codewhisperer.us-east-1.amazonaws.com",
            true, new TokenFileNaming(List.of("kiro", "codewhisperer"), List.of("kiro-", "aws-", "codewhisperer-")))
            .withLogin("kiro");
    /** The proxy's management API has no Copilot sign-in (only the Plus binary's command line has one). */
    public static final QuotaProvider GHCP = withQuotaApi("ghcp", "https://api.github.com", true,
            new TokenFileNaming(List.of("github-copilot", "copilot"), List.of("github-copilot-", "copilot-", "gh-")));
    public static final QuotaProvider CLAUDE = withQuotaApi("claude", "https://api.anthropic.com", false,
            new TokenFileNaming(List.of("claude", "anthropic"), List.of("claude-", "anthropic-")))
            .withLogin("anthropic");

    private static final List<QuotaProvider> BUILT_IN = List.of(AGY, GEMINI, CODEX, IFLOW, KIRO, GHCP, CLAUDE);

    /** A token file's own {@code type} as the account listing may name it: a plain word, nothing else. */
    private static final Pattern TYPE_WORD = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public QuotaProvider {
        Upstream.checkId(id);
        Objects.requireNonNull(tokenFiles, "tokenFiles");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(loginFlow, "loginFlow");
        upstream.filter(u -> !u.id().equals(id)).ifPresent(u -> {
            throw new IllegalArgumentException("provider " + id + " has its quota API under another name: " + u.id());
        });
        loginFlow.filter(flow -> !FLOW.matcher(flow).matches()).ifPresent(flow -> {
            throw new IllegalArgumentException("not a sign-in flow of the proxy: " + flow);
        });
    }

    /** A provider whose accounts the proxy cannot sign in (they are imported). */
    public QuotaProvider(String id, TokenFileNaming tokenFiles, Optional<Upstream> upstream,
                         boolean needsPlusBackend) {
        this(id, tokenFiles, upstream, needsPlusBackend, Optional.empty());
    }

    /** The same provider, signed in through the proxy's {@code /v0/management/<flow>-auth-url}. */
    public QuotaProvider withLogin(String flow) {
        return new QuotaProvider(id, tokenFiles, upstream, needsPlusBackend, Optional.of(flow));
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

    /**
     * Whose a token file is, as the account listing names it: the id of the first provider of {@code catalogue}
     * whose naming owns it ({@link TokenFileNaming#owns}), else the file's own {@code type} in lower case when it is
     * a plain word, else {@code unknown}.
     */
    public static String ownerOf(List<QuotaProvider> catalogue, Optional<String> type, String fileName) {
        return catalogue.stream().filter(p -> p.tokenFiles().owns(type, fileName)).findFirst()
                .map(QuotaProvider::id)
                .or(() -> type.map(t -> t.toLowerCase(Locale.ROOT)).filter(t -> TYPE_WORD.matcher(t).matches()))
                .orElse("unknown");
    }
}
