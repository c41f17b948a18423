package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.domain.model.ReleaseListing;
import dev.cliproxy.control.domain.model.UpdateCheck;

/** Published proxy releases against the installed one: {@code control.updates()}. */
public final class UpdateOperations {

    private final CheckForUpdateUseCase updateCheck;
    private final ListReleasesUseCase releases;

    UpdateOperations(CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases) {
        this.updateCheck = updateCheck;
        this.releases = releases;
    }

    /**
     * Whether a newer release is published, from a cache under an hour old when there is one. Throws
     * {@link dev.cliproxy.control.domain.error.ServiceUnavailableException} when the feed fails and nothing is cached.
     */
    public UpdateCheck check() {
        return updateCheck.check();
    }

    /** The releases a user can pick from, newest first, prereleases marked; same cache and failure rules. */
    public ReleaseListing releases() {
        return releases.releases();
    }
}
