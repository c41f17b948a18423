package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The fields of a token file that say who it is and when its access token expires, in every provider's spelling. */
final class TokenFileFields {

    private TokenFileFields() {
    }

    /**
     * The access token's expiry: {@code expired}, {@code expiry}, {@code expires_at} or the same inside
     * {@code token} (ISO text, epoch seconds or milliseconds), else {@code timestamp} (ms) plus {@code expires_in}
     * (seconds), as antigravity and copilot files write it.
     */
    static Optional<Instant> expiry(JsonNode root) {
        for (JsonNode value : List.of(root.path("expired"), root.path("expiry"), root.path("expires_at"),
                root.path("token").path("expiry"), root.path("token").path("expires_at"))) {
            Optional<Instant> instant = instant(value);
            if (instant.isPresent()) {
                return instant;
            }
        }
        JsonNode lifetime = root.path("expires_in");
        return lifetime.isNumber() && lifetime.asLong() > 0
                ? instant(root.path("timestamp")).map(start -> start.plus(Duration.ofSeconds(lifetime.asLong())))
                : Optional.empty();
    }

    /** {@code email}, else the {@code username} that copilot files name their account by. */
    static Optional<String> email(JsonNode root) {
        return text(root, "email").or(() -> text(root, "username"));
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode value) {
        return value.isNumber() || value.isTextual() ? Timestamps.parse(value.asText()) : Optional.empty();
    }
}
