package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token file says of itself, in every provider's spelling, and nothing else (least of all a token): its
 * {@code type}, whose account it is and when its access token expires. Read from the file's JSON as a plain tree
 * (maps, lists, strings, numbers), so that the real stores, the import and the testkit's fakes read it by this one
 * rule.
 *
 * @param type      the top-level {@code type}, as written
 * @param email     {@code email}, else the {@code username} that Copilot files name their account by
 * @param expiresAt the access token's expiry
 */
public record TokenFileFacts(Optional<String> type, Optional<String> email, Optional<Instant> expiresAt) {

    /** A file that says nothing: not JSON, not an object, or none of the fields. */
    public static final TokenFileFacts NONE = new TokenFileFacts(Optional.empty(), Optional.empty(), Optional.empty());

    public TokenFileFacts {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The facts of a parsed token file; {@link #NONE} when {@code tree} is not an object. */
    public static TokenFileFacts fromTree(Object tree) {
        if (!(tree instanceof Map<?, ?> root)) {
            return NONE;
        }
        return new TokenFileFacts(text(root, "type"), text(root, "email").or(() -> text(root, "username")),
                expiry(root));
    }

    /** A string field that is not blank. */
    public static Optional<String> text(Map<?, ?> object, String field) {
        return object.get(field) instanceof String value && !value.isBlank() ? Optional.of(value) : Optional.empty();
    }

    /**
     * {@code expired}, {@code expiry}, {@code expires_at} or the same inside {@code token} (ISO text, epoch seconds or
     * milliseconds), else {@code timestamp} (ms) plus {@code expires_in} (seconds), as antigravity and copilot files
     * write it.
     */
    private static Optional<Instant> expiry(Map<?, ?> root) {
        Map<?, ?> token = root.get("token") instanceof Map<?, ?> nested ? nested : Map.of();
        for (Object value : List.of(value(root, "expired"), value(root, "expiry"), value(root, "expires_at"),
                value(token, "expiry"), value(token, "expires_at"))) {
            Optional<Instant> instant = instant(value);
            if (instant.isPresent()) {
                return instant;
            }
        }
        return root.get("expires_in") instanceof Number lifetime && lifetime.longValue() > 0
                ? instant(value(root, "timestamp")).map(start -> start.plus(Duration.ofSeconds(lifetime.longValue())))
                : Optional.empty();
    }

    /** The field's value, or an empty string (which is no instant) when absent. */
    private static Object value(Map<?, ?> object, String field) {
        Object value = object.get(field);
        return value == null ? "" : value;
    }

    private static Optional<Instant> instant(Object value) {
        return value instanceof Number || value instanceof String ? Timestamps.parse(value.toString())
                : Optional.empty();
    }
}
