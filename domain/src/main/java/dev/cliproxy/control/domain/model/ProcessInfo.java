package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A live OS process as the OS describes it. The start instant and the command are what tell a process apart from
 * a later one that got the same PID.
 */
public record ProcessInfo(long pid, Optional<Instant> startInstant, Optional<String> command) {
}
