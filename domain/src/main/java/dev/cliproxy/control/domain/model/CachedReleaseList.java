package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code bin/<backend>/.version-list-cache.json}: the release list, when it was fetched, and from which repository. */
public record CachedReleaseList(ReleaseList releases, Instant checkedAt, Optional<String> repository) {

    public CachedReleaseList {
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(repository, "repository");
    }
}
