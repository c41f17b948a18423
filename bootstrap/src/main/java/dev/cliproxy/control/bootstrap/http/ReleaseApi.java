package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import java.util.Objects;

/**
 * What the API serves of the published releases: the update check, the release list, and installing a release or
 * rolling back to the one before (with the install steps, which the event stream carries).
 */
public record ReleaseApi(CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases,
                         InstallProxyUseCase install, RollbackProxyUseCase rollback, WatchInstallUseCase installs) {

    public ReleaseApi {
        Objects.requireNonNull(updateCheck, "updateCheck");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(installs, "installs");
    }
}
