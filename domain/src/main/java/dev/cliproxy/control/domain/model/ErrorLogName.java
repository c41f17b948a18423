package dev.cliproxy.control.domain.model;

import java.util.Optional;

/**
 * The name of one of the proxy's error logs: a plain file name (see {@code PlainFileName}) of the form
 * {@code error-*.log}. {@link #parse(String)} is the only way to make one, so holding an {@code ErrorLogName} means
 * the name is safe to resolve inside the logs directory.
 */
public record ErrorLogName(String value) {

    public static final String PREFIX = "error-";
    public static final String SUFFIX = ".log";

    public ErrorLogName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not an error log name");
        }
    }

    /** The name, if {@code raw} is one; never throws. */
    public static Optional<ErrorLogName> parse(String raw) {
        return isValid(raw) ? Optional.of(new ErrorLogName(raw)) : Optional.empty();
    }

    private static boolean isValid(String raw) {
        // PREFIX ends in '-' and SUFFIX starts with '.': they cannot overlap, so no length check is needed.
        return raw != null && raw.startsWith(PREFIX) && raw.endsWith(SUFFIX) && PlainFileName.isPlain(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
