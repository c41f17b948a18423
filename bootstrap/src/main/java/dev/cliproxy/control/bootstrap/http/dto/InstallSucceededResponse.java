package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.InstallOutcome;

/**
 * {@code POST /install} and {@code POST /rollback} that promoted a version:
 * {@code {"success":true,"version","previousVersion","restarted"}}; {@code previousVersion} is null when the binary
 * replaced had no recorded version.
 */
public record InstallSucceededResponse(boolean success, String version, String previousVersion, boolean restarted) {

    public static InstallSucceededResponse from(InstallOutcome.Installed installed) {
        return new InstallSucceededResponse(true, installed.version(), installed.previousVersion().orElse(null),
                installed.restarted());
    }
}
