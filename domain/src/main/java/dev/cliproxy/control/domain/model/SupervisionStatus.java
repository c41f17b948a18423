package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the supervisor of the current port knows: whether it supervises now, how many times it started the proxy
 * again, when the proxy last crashed, and whether it gave up ({@code crashLoop}, with the proxy's last output
 * lines, secrets masked).
 */
public record SupervisionStatus(boolean supervised, int restarts, Optional<Instant> lastCrashAt,
                                Optional<String> crashLoop) {

    public static final SupervisionStatus OFF = new SupervisionStatus(false, 0, Optional.empty(), Optional.empty());

    public SupervisionStatus {
        Objects.requireNonNull(lastCrashAt, "lastCrashAt");
        Objects.requireNonNull(crashLoop, "crashLoop");
    }
}
