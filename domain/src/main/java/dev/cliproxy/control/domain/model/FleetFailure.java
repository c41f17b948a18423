package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ControlException;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one part of a fleet answer failed while the rest succeeded: the {@code error}, {@code code} and
 * {@code message} an error body would carry.
 */
public record FleetFailure(String error, Optional<String> code, Optional<String> message) {

    public FleetFailure {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The failure {@code e} reports. */
    public static FleetFailure of(ControlException e) {
        return new FleetFailure(e.error(), e.code(), e.detail());
    }
}
