package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.InstallOperation;
import dev.cliproxy.control.domain.model.InstallOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /install}: the running or last install or rollback, {@code {"running","operation","version"?,
 * "startedAt","step"?,"finishedAt"?,"success"?,"error"?,"rolledBack"?}}; {@code {"running":false}} when none ran
 * since the server started.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallStatusResponse(boolean running, String operation, String version, Long startedAt,
                                    InstallEventResponse step, Long finishedAt, Boolean success, String error,
                                    Boolean rolledBack) {

    public static InstallStatusResponse from(Optional<InstallOperation> current) {
        if (current.isEmpty()) {
            return new InstallStatusResponse(false, null, null, null, null, null, null, null, null);
        }
        InstallOperation operation = current.get();
        Optional<InstallOutcome> outcome = operation.outcome();
        return new InstallStatusResponse(operation.running(), operation.kind().id(),
                operation.version().orElse(null), operation.startedAt().toEpochMilli(),
                operation.lastStep().map(InstallEventResponse::from).orElse(null),
                operation.finishedAt().map(Instant::toEpochMilli).orElse(null),
                outcome.map(InstallOutcome.Installed.class::isInstance).orElse(null),
                outcome.filter(InstallOutcome.Failed.class::isInstance).map(InstallOutcome.Failed.class::cast)
                        .map(InstallOutcome.Failed::error).orElse(null),
                outcome.filter(InstallOutcome.Failed.class::isInstance).map(InstallOutcome.Failed.class::cast)
                        .map(InstallOutcome.Failed::rolledBack).orElse(null));
    }
}
