package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import java.util.Objects;

/** What the API serves of the published releases: the update check and the release list. */
public record ReleaseApi(CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases) {

    public ReleaseApi {
        Objects.requireNonNull(updateCheck, "updateCheck");
        Objects.requireNonNull(releases, "releases");
    }
}
