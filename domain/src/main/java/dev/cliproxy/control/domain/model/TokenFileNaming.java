package dev.cliproxy.control.domain.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How CLIProxyAPI and the {@code ccs} CLI name a provider's token files in {@code auth/} and {@code auth-paused/}:
 * the {@code type} values written in them and the prefixes of their names. The one rule both the real credential
 * store and the testkit's find accounts by.
 *
 * @param types    the {@code type} values of the provider's files, lower case, the one the CLI writes first
 * @param prefixes the prefixes of their names, the one the CLI's login uses first
 */
public record TokenFileNaming(List<String> types, List<String> prefixes) {

    private static final Pattern TYPE_WORD = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public TokenFileNaming {
        types = List.copyOf(types);
        prefixes = List.copyOf(prefixes);
        if (types.isEmpty() || prefixes.isEmpty()) {
            throw new IllegalArgumentException("a provider's token files have a type and a prefix");
        }
    }

    public static TokenFileNaming of(QuotaProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return switch (provider) {
            case AGY -> new TokenFileNaming(List.of("antigravity"), List.of("antigravity-"));
            case GEMINI -> new TokenFileNaming(List.of("gemini", "gemini-cli"), List.of("gemini-"));
            case CODEX -> new TokenFileNaming(List.of("codex"), List.of("codex-"));
            case IFLOW -> new TokenFileNaming(List.of("iflow"), List.of("iflow-"));
            case KIRO -> new TokenFileNaming(List.of("kiro", "codewhisperer"),
                    List.of("kiro-", "aws-", "codewhisperer-"));
            case GHCP -> new TokenFileNaming(List.of("github-copilot", "copilot"),
                    List.of("github-copilot-", "copilot-", "gh-"));
            case CLAUDE -> new TokenFileNaming(List.of("claude", "anthropic"), List.of("claude-", "anthropic-"));
        };
    }

    /**
     * Whose a token file is, as the account listing names it: the id of the provider that owns it ({@link #owns}),
     * else the file's own {@code type} in lower case when it is a plain word, else {@code unknown}.
     */
    public static String providerOf(Optional<String> type, String fileName) {
        return Arrays.stream(QuotaProvider.values()).filter(p -> of(p).owns(type, fileName)).findFirst()
                .map(QuotaProvider::id)
                .or(() -> type.map(t -> t.toLowerCase(Locale.ROOT)).filter(t -> TYPE_WORD.matcher(t).matches()))
                .orElse("unknown");
    }

    /** The {@code type} the CLI's login writes. */
    public String type() {
        return types.getFirst();
    }

    /** The name the CLI's login gives the token file of {@code accountId}. */
    public String fileName(String accountId) {
        return prefixes.getFirst() + accountId + ".json";
    }

    /**
     * The file names {@code accountId} can stand for, most specific first: the file's stem, then each prefix with
     * the id as it is and with {@code @} and {@code .} written as {@code _}.
     */
    public List<String> candidateNames(String accountId) {
        List<String> names = new ArrayList<>();
        names.add(accountId + ".json");
        String sanitized = accountId.replace('@', '_').replace('.', '_');
        for (String prefix : prefixes) {
            names.add(prefix + accountId + ".json");
            names.add(prefix + sanitized + ".json");
        }
        return names;
    }

    /**
     * Whether a token file is one of this provider's: by its {@code type} (any case) when it has one, else by the
     * prefix of its name.
     */
    public boolean owns(Optional<String> type, String fileName) {
        return type.map(t -> types.contains(t.toLowerCase(Locale.ROOT)))
                .orElseGet(() -> prefixes.stream().anyMatch(fileName::startsWith));
    }
}
