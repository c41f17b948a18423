package dev.cliproxy.control.domain.model;

import java.util.Optional;

/**
 * The name of a file in the auth directory: one plain file name (see {@code PlainFileName}).
 * {@link #parse(String)} is the only way to make one, so holding an {@code AuthFileName} means the name is safe to
 * resolve inside that directory.
 */
public record AuthFileName(String value) {

    public AuthFileName {
        if (!PlainFileName.isPlain(value)) {
            throw new IllegalArgumentException("not a plain file name");
        }
    }

    /** The name, if {@code raw} is one; never throws. */
    public static Optional<AuthFileName> parse(String raw) {
        return PlainFileName.isPlain(raw) ? Optional.of(new AuthFileName(raw)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
