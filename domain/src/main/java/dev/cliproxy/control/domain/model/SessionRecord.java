package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of {@code sessions.json}, shared with the {@code ccs} CLI: which proxy process serves a port and
 * which sessions use it. {@code processStart} and {@code command} are ours (the CLI does not write them); they
 * identify the process beyond its PID.
 */
public record SessionRecord(int port, long pid, List<String> sessions, Instant startedAt, Optional<String> version,
                            Optional<Instant> processStart, Optional<String> command) {

    public SessionRecord {
        Objects.requireNonNull(startedAt, "startedAt");
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(processStart, "processStart");
        Objects.requireNonNull(command, "command");
    }
}
