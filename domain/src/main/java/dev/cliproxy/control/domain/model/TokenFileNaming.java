package dev.cliproxy.control.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How CLIProxyAPI and the {@code ccs} CLI name a provider's token files in {@code auth/} and {@code auth-paused/}:
 * the {@code type} values written in them and the prefixes of their names. The one rule both the real credential
 * store and the testkit's find accounts by; each {@link QuotaProvider} holds its own.
 *
 * @param types    the {@code type} values of the provider's files, lower case, the one the CLI writes first
 * @param prefixes the prefixes of their names, the one the CLI's login uses first
 */
public record TokenFileNaming(List<String> types, List<String> prefixes) {

    public TokenFileNaming {
        types = List.copyOf(types);
        prefixes = List.copyOf(prefixes);
        if (types.isEmpty() || prefixes.isEmpty()) {
            throw new IllegalArgumentException("a provider's token files have a type and a prefix");
        }
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
