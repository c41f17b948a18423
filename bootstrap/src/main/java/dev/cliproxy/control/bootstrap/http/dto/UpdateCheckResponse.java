package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.UpdateCheck;

/**
 * {@code GET /update-check}: {@code {"hasUpdate","currentVersion","latestVersion","fromCache","checkedAt","backend",
 * "backendLabel"}}; {@code currentVersion} is {@code null} when the installed version cannot be told.
 */
public record UpdateCheckResponse(boolean hasUpdate, String currentVersion, String latestVersion, boolean fromCache,
                                  long checkedAt, String backend, String backendLabel) {

    public static UpdateCheckResponse from(UpdateCheck check) {
        return new UpdateCheckResponse(check.hasUpdate(), check.currentVersion().orElse(null), check.latestVersion(),
                check.fromCache(), check.checkedAt().toEpochMilli(), check.backend().folder(),
                check.backend().label());
    }
}
