package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import java.util.Optional;

/**
 * The release caches beside a backend's binary, shared with the {@code ccs} CLI. Reads give empty for an absent or
 * unreadable file; writes replace the file atomically or throw a {@code StorageException}.
 */
public interface VersionCachePort {

    Optional<CachedLatestRelease> readLatest(Backend backend);

    void writeLatest(Backend backend, CachedLatestRelease entry);

    Optional<CachedReleaseList> readReleases(Backend backend);

    void writeReleases(Backend backend, CachedReleaseList entry);
}
