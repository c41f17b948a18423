package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an error log's structure tells: the client-facing HTTP status of the {@code RESPONSE} section (else the
 * last upstream {@code API ERROR RESPONSE}) and the {@code model} of the request body.
 */
public record ErrorLogMetadata(OptionalInt statusCode, Optional<String> model) {

    /** A file whose structure tells nothing (malformed, truncated, binary, empty). */
    public static final ErrorLogMetadata NONE = new ErrorLogMetadata(OptionalInt.empty(), Optional.empty());

    public ErrorLogMetadata {
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(model, "model");
    }
}
