package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code bin/<backend>/.version-cache.json} as the {@code ccs} CLI writes it: the latest version, when it was
 * checked, and from which repository (older CLI versions did not record the repository).
 */
public record CachedLatestRelease(String latestVersion, Instant checkedAt, Optional<String> repository) {

    public CachedLatestRelease {
        Objects.requireNonNull(latestVersion, "latestVersion");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(repository, "repository");
    }
}
