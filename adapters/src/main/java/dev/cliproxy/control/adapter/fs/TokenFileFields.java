package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.TokenFileFacts;
import java.time.Instant;
import java.util.Optional;

/**
 * The fields of a token file that say who it is and when its access token expires, in every provider's spelling:
 * the domain's {@link TokenFileFacts}, the one rule the listing, the import and the testkit's fakes read them by.
 */
final class TokenFileFields {

    private static final ObjectMapper TREES = new ObjectMapper();

    private TokenFileFields() {
    }

    /** What {@code root} (a parsed token file) says of itself. */
    static TokenFileFacts facts(JsonNode root) {
        return TokenFileFacts.fromTree(TREES.convertValue(root, Object.class));
    }

    /** The access token's expiry ({@link TokenFileFacts#expiresAt()}). */
    static Optional<Instant> expiry(JsonNode root) {
        return facts(root).expiresAt();
    }

    /** {@code email}, else the {@code username} that copilot files name their account by. */
    static Optional<String> email(JsonNode root) {
        return facts(root).email();
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }
}
