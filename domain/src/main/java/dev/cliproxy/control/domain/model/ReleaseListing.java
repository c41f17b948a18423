package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The releases of the managed backend, with the installed version to pick against. */
public record ReleaseListing(Backend backend, ReleaseList releases, Optional<String> currentVersion,
                             boolean fromCache, Instant checkedAt) {

    public ReleaseListing {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
