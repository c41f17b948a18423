package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.ReleaseList;
import dev.cliproxy.control.domain.model.ReleaseListing;
import dev.cliproxy.control.domain.model.UpdateCheck;
import dev.cliproxy.control.domain.port.BinaryVersionPort;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Update check and release list of the backend in use. Answers come from the cache the {@code ccs} CLI shares while
 * it is under an hour old, else from the release feed (one request however many callers ask at once), else, when the
 * feed fails, from a stale cache; with no cache at all the feed's failure is the answer.
 */
public final class CheckReleasesService implements CheckForUpdateUseCase, ListReleasesUseCase {

    /** As long as the CLI trusts its cache, so both tools agree on when to ask again. */
    static final Duration CACHE_TTL = Duration.ofHours(1);
    private static final System.Logger LOG = System.getLogger(CheckReleasesService.class.getName());

    private final ProxySettingsPort settings;
    private final InstalledVersionPort installed;
    private final BinaryVersionPort binaries;
    private final ReleaseFeedPort feed;
    private final VersionCachePort cache;
    private final Clock clock;
    private final Options options;
    private final SingleFlight flights = new SingleFlight();

    /**
     * Where things are: the CCS layout, the proxy executable when one was named explicitly (else the backend's
     * default binary), a repository that replaces the backend's own, and how long the binary may take to answer.
     */
    public record Options(CcsLayout layout, Optional<Path> proxyBinary, Optional<String> repository,
                          Duration binaryTimeout) {
        public Options {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(proxyBinary, "proxyBinary");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(binaryTimeout, "binaryTimeout");
        }
    }

    public CheckReleasesService(ProxySettingsPort settings, InstalledVersionPort installed, BinaryVersionPort binaries,
                                ReleaseFeedPort feed, VersionCachePort cache, Clock clock, Options options) {
        this.settings = settings;
        this.installed = installed;
        this.binaries = binaries;
        this.feed = feed;
        this.cache = cache;
        this.clock = clock;
        this.options = options;
    }

    @Override
    public UpdateCheck check() {
        Backend backend = settings.backend();
        String repository = repository(backend);
        Sourced<String> latest = cachedOrFetched("latest " + repository,
                () -> cache.readLatest(backend)
                        .filter(entry -> sameRepository(entry.repository(), repository, backend))
                        .map(entry -> new Stamped<>(entry.latestVersion(), entry.checkedAt())),
                () -> feed.latest(repository).version(),
                (version, at) -> cache.writeLatest(backend,
                        new CachedLatestRelease(version, at, Optional.of(repository))));
        return new UpdateCheck(backend, currentVersion(backend), latest.value(), latest.fromCache(),
                latest.checkedAt());
    }

    @Override
    public ReleaseListing releases() {
        Backend backend = settings.backend();
        String repository = repository(backend);
        Sourced<ReleaseList> list = cachedOrFetched("releases " + repository,
                () -> cache.readReleases(backend)
                        .filter(entry -> sameRepository(entry.repository(), repository, backend))
                        .map(entry -> new Stamped<>(entry.releases(), entry.checkedAt())),
                () -> new ReleaseList(feed.releases(repository)),
                (releases, at) -> cache.writeReleases(backend,
                        new CachedReleaseList(releases, at, Optional.of(repository))));
        return new ReleaseListing(backend, list.value(), currentVersion(backend), list.fromCache(),
                list.checkedAt());
    }

    private <T> Sourced<T> cachedOrFetched(String key, Supplier<Optional<Stamped<T>>> readCache, Supplier<T> fetch,
                                           BiConsumer<T, Instant> writeCache) {
        Optional<Stamped<T>> cached = readCache.get();
        if (cached.filter(this::fresh).isPresent()) {
            return cached.get().fromCache();
        }
        try {
            return flights.run(key, () -> {
                // A check that finished just before this one started may have refreshed the cache.
                Optional<Stamped<T>> again = readCache.get();
                if (again.filter(this::fresh).isPresent()) {
                    return again.get().fromCache();
                }
                T value = fetch.get();
                Instant checkedAt = clock.instant();
                try {
                    writeCache.accept(value, checkedAt);
                } catch (StorageException e) {
                    // The answer is still right; only the next check will have to ask the feed again.
                    LOG.log(System.Logger.Level.WARNING, "could not cache the release feed's answer: {0}",
                            e.getMessage());
                }
                return new Sourced<>(value, checkedAt, false);
            });
        } catch (ServiceUnavailableException unavailable) {
            return cached.map(Stamped::fromCache).orElseThrow(() -> unavailable);
        }
    }

    private boolean fresh(Stamped<?> entry) {
        Instant now = clock.instant();
        return !entry.checkedAt().isAfter(now) && now.isBefore(entry.checkedAt().plus(CACHE_TTL));
    }

    /** The cache is the backend's; an entry from before the CLI recorded repositories is its default repository's. */
    private static boolean sameRepository(Optional<String> recorded, String repository, Backend backend) {
        return recorded.map(repository::equals).orElse(repository.equals(backend.releaseRepository()));
    }

    private String repository(Backend backend) {
        return options.repository().orElse(backend.releaseRepository());
    }

    /** The {@code .version} file when it holds a version, else what the binary says; never a guess. */
    private Optional<String> currentVersion(Backend backend) {
        Optional<String> recorded = installed.recordedVersion(backend)
                .map(ProxyVersion::displayText)
                .filter(text -> ProxyVersion.parse(text).isPresent());
        if (recorded.isPresent()) {
            return recorded;
        }
        Path binary = options.proxyBinary().orElseGet(() -> options.layout().defaultBinary(backend));
        return binaries.reportedVersion(binary, options.binaryTimeout())
                .map(CheckReleasesService::withoutBuildLabel)
                .map(ProxyVersion::displayText)
                .filter(text -> ProxyVersion.parse(text).isPresent());
    }

    /** Plus binaries print {@code 6.6.9-0-plus}: the label is not part of the release number. */
    private static String withoutBuildLabel(String reported) {
        return reported.endsWith("-plus") ? reported.substring(0, reported.length() - "-plus".length()) : reported;
    }

    /** A value and when it was fetched from the feed. */
    private record Stamped<T>(T value, Instant checkedAt) {
        Sourced<T> fromCache() {
            return new Sourced<>(value, checkedAt, true);
        }
    }

    /** A value, when it was fetched, and whether this answer came from the cache. */
    private record Sourced<T>(T value, Instant checkedAt, boolean fromCache) {
    }

    /**
     * Runs at most one body per key at a time: callers that arrive while one runs wait for its outcome (value or
     * exception) instead of running their own, so concurrent checks make one upstream request.
     */
    private static final class SingleFlight {

        private final ConcurrentMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

        @SuppressWarnings("unchecked")
        <T> T run(String key, Supplier<T> body) {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
            if (running != null) {
                return (T) await(running);
            }
            try {
                T value = body.get();
                mine.complete(value);
                return value;
            } catch (Throwable failure) {
                // Every outcome completes the future, or the callers waiting on it would wait forever.
                mine.completeExceptionally(failure);
                throw failure;
            } finally {
                inFlight.remove(key, mine);
            }
        }

        private static Object await(CompletableFuture<Object> running) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}
