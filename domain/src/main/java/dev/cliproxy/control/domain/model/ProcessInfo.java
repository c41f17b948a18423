package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A live OS process as the OS describes it. The start instant, the command and its arguments are what tell a
 * process apart from a later one that got the same PID; each is empty when the OS does not tell.
 */
public record ProcessInfo(long pid, Optional<Instant> startInstant, Optional<String> command,
                          List<String> arguments) {

    public ProcessInfo {
        Objects.requireNonNull(startInstant, "startInstant");
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
    }
}
