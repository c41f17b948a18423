package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.InstallEvent;

/**
 * The data of an install step on {@code GET /events} ({@code download}, {@code verified}, {@code staged},
 * {@code promoted}, {@code rolled-back}, {@code failed}): {@code {"type","operation","version"?,"bytes"?,"total"?,
 * "reason"?,"at"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallEventResponse(String type, String operation, String version, Long bytes, Long total,
                                   String reason, long at) {

    public static InstallEventResponse from(InstallEvent event) {
        return new InstallEventResponse(event.step().id(), event.operation().id(), event.version().orElse(null),
                event.bytes().isPresent() ? event.bytes().getAsLong() : null,
                event.total().isPresent() ? event.total().getAsLong() : null,
                event.reason().orElse(null), event.at().toEpochMilli());
    }
}
