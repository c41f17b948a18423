package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The release caches of each backend in memory. Fault: {@link #failWrites} (a full disk: the write throws). */
public final class InMemoryVersionCache implements VersionCachePort {

    private final Map<Backend, CachedLatestRelease> latest = new ConcurrentHashMap<>();
    private final Map<Backend, CachedReleaseList> lists = new ConcurrentHashMap<>();
    private final AtomicBoolean failWrites = new AtomicBoolean();

    public void failWrites(boolean fail) {
        failWrites.set(fail);
    }

    @Override
    public Optional<CachedLatestRelease> readLatest(Backend backend) {
        return Optional.ofNullable(latest.get(backend));
    }

    @Override
    public void writeLatest(Backend backend, CachedLatestRelease entry) {
        check();
        latest.put(backend, entry);
    }

    @Override
    public Optional<CachedReleaseList> readReleases(Backend backend) {
        return Optional.ofNullable(lists.get(backend));
    }

    @Override
    public void writeReleases(Backend backend, CachedReleaseList entry) {
        check();
        lists.put(backend, entry);
    }

    private void check() {
        if (failWrites.get()) {
            throw new StorageException("Failed to write release cache", "No space left on device", ErrorCode.STORAGE_ERROR,
                    null);
        }
    }
}
