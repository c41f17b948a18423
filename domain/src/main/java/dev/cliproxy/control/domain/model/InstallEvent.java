package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Progress of an install or a rollback: the step reached, the version it concerns, the bytes downloaded so far and
 * the archive's size (for {@link InstallStep#DOWNLOAD}), and the reason (for {@link InstallStep#FAILED} and
 * {@link InstallStep#ROLLED_BACK}).
 */
public record InstallEvent(InstallStep step, InstallKind operation, Optional<String> version,
                           OptionalLong bytes, OptionalLong total, Optional<String> reason, Instant at) {

    public InstallEvent {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
