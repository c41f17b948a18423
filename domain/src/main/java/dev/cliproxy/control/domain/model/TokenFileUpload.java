package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A token file given to {@code POST /accounts/import}: its bytes, stored as they are, and what they say of
 * themselves. The rules of an import: whose it is (its {@code type}, which a provider of the catalogue must know) and
 * the name it is stored under (the one asked for, else its provider's login name for its email). Never shows its
 * content.
 *
 * @param content the file, byte for byte
 * @param facts   what it says of itself ({@link TokenFileFacts#fromTree})
 */
public record TokenFileUpload(byte[] content, TokenFileFacts facts) {

    /** A {@code type} shown back in an error: a plain word only, so a hostile one is never echoed. */
    private static final Pattern SHOWN_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public TokenFileUpload {
        content = Objects.requireNonNull(content, "content").clone();
        Objects.requireNonNull(facts, "facts");
    }

    /** The upload of {@code content}, parsed as {@code tree}; 400 when it is not a JSON object. */
    public static TokenFileUpload of(byte[] content, Object tree) {
        if (!(tree instanceof java.util.Map<?, ?>)) {
            throw new InvalidInputException(ErrorCode.INVALID_TOKEN_FILE,
                    "A token file is a JSON object, as CLIProxyAPI writes it");
        }
        return new TokenFileUpload(content, TokenFileFacts.fromTree(tree));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /**
     * The provider of {@code catalogue} whose token files have this file's {@code type} (any case); 400 when it has
     * none, or one no provider knows, for then neither the proxy nor this server would know whose it is.
     */
    public QuotaProvider owner(List<QuotaProvider> catalogue) {
        String type = facts.type().orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_TOKEN_FILE,
                "The token file has no \"type\": no provider would know it as its own"));
        String lower = type.toLowerCase(Locale.ROOT);
        return catalogue.stream().filter(p -> p.tokenFiles().types().contains(lower)).findFirst()
                .orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_TOKEN_FILE, "No provider knows the type "
                        + (SHOWN_TYPE.matcher(type).matches() ? "\"" + type + "\"" : "of this file") + "; known types: "
                        + catalogue.stream().flatMap(p -> p.tokenFiles().types().stream()).distinct()
                        .collect(Collectors.joining(", "))));
    }

    /**
     * The name to store it under: {@code requested} when given, else {@code owner}'s login name for the file's email
     * ({@link TokenFileNaming#fileName}); either must be an account file name ({@link #isAccountFileName}), else 400.
     */
    public String fileName(Optional<String> requested, QuotaProvider owner) {
        if (requested.isPresent()) {
            if (!isAccountFileName(requested.get())) {
                throw new InvalidInputException(ErrorCode.INVALID_FILE_NAME, "name must be one plain file name ending"
                        + " in .json, whose stem is an account id (letters, digits and @ . _ + # = -, no ..)");
            }
            return requested.get();
        }
        String email = facts.email().orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_FILE_NAME,
                "The token file has no email to name it by: give a name with ?name="));
        String derived = owner.tokenFiles().fileName(email);
        if (!isAccountFileName(derived)) {
            throw new InvalidInputException(ErrorCode.INVALID_FILE_NAME,
                    "The token file's email makes no valid file name: give a name with ?name=");
        }
        return derived;
    }

    /**
     * A token file name every account route can reach again: one plain name ({@link AuthFileName}) ending in
     * {@code .json} whose stem, the account id of the listing, is a valid {@link AccountId}.
     */
    public static boolean isAccountFileName(String name) {
        return name != null && name.endsWith(".json") && AuthFileName.parse(name).isPresent()
                && AccountId.isValid(name.substring(0, name.length() - ".json".length()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenFileUpload that && java.util.Arrays.equals(content, that.content)
                && facts.equals(that.facts);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(content) + facts.hashCode();
    }

    /** Its size and facts, never its content. */
    @Override
    public String toString() {
        return "TokenFileUpload[" + content.length + " bytes, " + facts + "]";
    }
}
