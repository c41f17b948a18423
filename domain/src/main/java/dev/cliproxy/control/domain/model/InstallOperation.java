package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The running or last install or rollback ({@code GET /install}): what it is, the version it installs (once known),
 * when it began, its last step, and, once it ended, when and how.
 */
public record InstallOperation(InstallKind kind, Optional<String> version, Instant startedAt, Optional<InstallEvent> lastStep,
                               Optional<Instant> finishedAt, Optional<InstallOutcome> outcome) {

    public InstallOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastStep, "lastStep");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    public static InstallOperation begun(InstallKind kind, Instant at) {
        return new InstallOperation(kind, Optional.empty(), at, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean running() {
        return outcome.isEmpty();
    }

    public InstallOperation withVersion(String installing) {
        return new InstallOperation(kind, Optional.of(installing), startedAt, lastStep, finishedAt, outcome);
    }

    public InstallOperation withStep(InstallEvent event) {
        return new InstallOperation(kind, version, startedAt, Optional.of(event), finishedAt, outcome);
    }

    public InstallOperation finished(InstallOutcome result, Instant at) {
        return new InstallOperation(kind, version, startedAt, lastStep, Optional.of(at), Optional.of(result));
    }
}
