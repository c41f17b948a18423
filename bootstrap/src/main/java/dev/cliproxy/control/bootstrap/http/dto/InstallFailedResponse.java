package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.InstallOutcome;

/**
 * {@code POST /install} and {@code POST /rollback} that promoted nothing new, or whose promoted version did not come
 * up: {@code {"success":false,"error","rolledBack"}}.
 */
public record InstallFailedResponse(boolean success, String error, boolean rolledBack) {

    public static InstallFailedResponse from(InstallOutcome.Failed failed) {
        return new InstallFailedResponse(false, failed.error(), failed.rolledBack());
    }
}
