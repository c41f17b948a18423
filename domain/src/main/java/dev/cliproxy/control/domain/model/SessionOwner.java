package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The process that opened a session (an embedding program): its PID and start instant, so that a session whose
 * owner has died, or whose PID now belongs to another program, stops counting.
 */
public record SessionOwner(long pid, Optional<Instant> start) {

    public SessionOwner {
        Objects.requireNonNull(start, "start");
    }

    public static SessionOwner of(ProcessInfo process) {
        return new SessionOwner(process.pid(), process.startInstant());
    }
}
