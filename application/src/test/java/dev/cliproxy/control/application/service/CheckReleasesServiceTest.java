package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseList;
import dev.cliproxy.control.domain.model.ReleaseListing;
import dev.cliproxy.control.domain.model.UpdateCheck;
import dev.cliproxy.control.domain.port.BinaryVersionPort;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.Await;
import org.junit.jupiter.api.Test;

class CheckReleasesServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String ORIGINAL_REPO = Backend.ORIGINAL.releaseRepository();

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryProxySettings settings = new InMemoryProxySettings();
    private final FakeInstalled installed = new FakeInstalled();
    private final FakeBinary binary = new FakeBinary();
    private final FakeFeed feed = new FakeFeed();
    private final MemoryCache cache = new MemoryCache();
    private Optional<String> repositoryOverride = Optional.empty();
    private Optional<Path> explicitBinary = Optional.empty();

    private CheckReleasesService service() {
        return new CheckReleasesService(settings, installed, binary, feed, cache, clock,
                new CheckReleasesService.Options(new CcsLayout(Path.of("/ccs")), explicitBinary, repositoryOverride,
                        Duration.ofSeconds(1)));
    }

    @Test
    void freshAnswerComparesWithTheRecordedVersionAndIsCachedInTheClisFormat() {
        installed.version = Optional.of("6.9.9\n");
        feed.latest = "6.9.10";

        UpdateCheck check = service().check();

        assertTrue(check.hasUpdate());
        assertEquals(Optional.of("6.9.9"), check.currentVersion());
        assertEquals("6.9.10", check.latestVersion());
        assertFalse(check.fromCache());
        assertEquals(NOW, check.checkedAt());
        assertEquals(List.of(ORIGINAL_REPO), feed.latestCalls);
        assertEquals(new CachedLatestRelease("6.9.10", NOW, Optional.of(ORIGINAL_REPO)),
                cache.latest.get(Backend.ORIGINAL));
    }

    @Test
    void cacheUnderAnHourOldAnswersWithoutAskingTheFeed() {
        installed.version = Optional.of("6.9.10");
        cache.latest.put(Backend.ORIGINAL, new CachedLatestRelease("6.9.10", NOW.minus(Duration.ofMinutes(59)),
                Optional.of(ORIGINAL_REPO)));

        UpdateCheck check = service().check();

        assertTrue(check.fromCache());
        assertFalse(check.hasUpdate());
        assertEquals(NOW.minus(Duration.ofMinutes(59)), check.checkedAt());
        assertEquals(List.of(), feed.latestCalls);
    }

    @Test
    void cacheAnHourOldIsRefreshed() {
        cache.latest.put(Backend.ORIGINAL, new CachedLatestRelease("6.9.1", NOW.minus(Duration.ofHours(1)),
                Optional.of(ORIGINAL_REPO)));
        feed.latest = "6.9.2";

        UpdateCheck check = service().check();

        assertFalse(check.fromCache());
        assertEquals("6.9.2", check.latestVersion());
        assertEquals(1, feed.latestCalls.size());
    }

    @Test
    void cacheOfAnotherRepositoryIsNotUsedButOneWithoutRepositoryCountsAsTheDefault() {
        cache.latest.put(Backend.ORIGINAL, new CachedLatestRelease("1.0.0", NOW, Optional.of("someone/else")));
        feed.latest = "6.9.2";
        assertFalse(service().check().fromCache());

        cache.latest.put(Backend.ORIGINAL, new CachedLatestRelease("6.9.3", NOW, Optional.empty()));
        UpdateCheck legacy = service().check();
        assertTrue(legacy.fromCache());
        assertEquals("6.9.3", legacy.latestVersion());

        repositoryOverride = Optional.of("mirror/CLIProxyAPI");
        UpdateCheck overridden = service().check();
        assertFalse(overridden.fromCache(), "a cache without repository is the default repository's");
        assertEquals("mirror/CLIProxyAPI", feed.latestCalls.get(feed.latestCalls.size() - 1));
    }

    @Test
    void feedDownWithStaleCacheAnswersFromTheCache() {
        Instant old = NOW.minus(Duration.ofDays(3));
        installed.version = Optional.of("6.9.0");
        cache.latest.put(Backend.ORIGINAL, new CachedLatestRelease("6.9.5", old, Optional.of(ORIGINAL_REPO)));
        feed.failure = new ServiceUnavailableException(ErrorCode.FEED_UNREACHABLE, "cannot reach");

        UpdateCheck check = service().check();

        assertTrue(check.fromCache());
        assertTrue(check.hasUpdate());
        assertEquals("6.9.5", check.latestVersion());
        assertEquals(old, check.checkedAt());
        assertEquals(1, feed.latestCalls.size());
    }

    @Test
    void feedDownWithoutCacheIsTheFeedsFailure() {
        feed.failure = new ServiceUnavailableException("Release feed unavailable", "rate limited", ErrorCode.RATE_LIMITED,
                null);

        ServiceUnavailableException failure = assertThrows(ServiceUnavailableException.class, service()::check);

        assertEquals("Release feed unavailable", failure.error());
        assertEquals(Optional.of("rate_limited"), failure.code());
    }

    @Test
    void aCacheThatCannotBeWrittenDoesNotSpoilTheAnswer() {
        feed.latest = "6.9.2";
        cache.failWrites = true;

        UpdateCheck check = service().check();

        assertEquals("6.9.2", check.latestVersion());
        assertFalse(check.fromCache());
    }

    @Test
    void currentVersionFallsBackToTheBinaryAndNeverToAGuess() {
        feed.latest = "6.9.2";
        installed.version = Optional.of("garbage");
        binary.version = Optional.of("v6.9.1");
        assertEquals(Optional.of("6.9.1"), service().check().currentVersion());
        assertEquals(List.of(Path.of("/ccs/cliproxy/bin/original/cli-proxy-api")), binary.asked);

        binary.version = Optional.of("dev");
        UpdateCheck unknown = service().check();
        assertEquals(Optional.empty(), unknown.currentVersion());
        assertFalse(unknown.hasUpdate());

        binary.version = Optional.empty();
        assertEquals(Optional.empty(), service().check().currentVersion());
    }

    @Test
    void plusBackendUsesItsRepositoryItsBinaryAndDropsThePlusLabel() {
        settings.backend(Backend.PLUS);
        feed.latest = "6.9.2-1";
        binary.version = Optional.of("6.9.2-0-plus");

        UpdateCheck check = service().check();

        assertEquals(Backend.PLUS, check.backend());
        assertEquals(List.of(Backend.PLUS.releaseRepository()), feed.latestCalls);
        assertEquals(List.of(Path.of("/ccs/cliproxy/bin/plus/cli-proxy-api-plus")), binary.asked);
        assertEquals(Optional.of("6.9.2-0"), check.currentVersion());
        assertTrue(check.hasUpdate());
    }

    @Test
    void anExplicitBinaryIsTheOneAsked() {
        explicitBinary = Optional.of(Path.of("/opt/proxy/cli-proxy-api"));
        feed.latest = "6.9.2";
        service().check();
        assertEquals(List.of(Path.of("/opt/proxy/cli-proxy-api")), binary.asked);
    }

    @Test
    void concurrentChecksMakeOneRequestAndAllGetItsAnswer() throws Exception {
        int callers = 16;
        feed.latest = "6.9.7";
        feed.gate = new CountDownLatch(1);
        CheckReleasesService service = service();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<UpdateCheck>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(service::check));
            }
            // The first request is held until every caller has looked at the cache (the leader twice): without
            // single-flight each of them would now be asking the feed itself.
            assertTrue(feed.firstCallStarted.await(30, TimeUnit.SECONDS));
            Await.until(() -> cache.latestReads.get() >= callers + 1, "every caller to read the cache");
            feed.gate.countDown();
            for (Future<UpdateCheck> answer : answers) {
                assertEquals("6.9.7", answer.get(30, TimeUnit.SECONDS).latestVersion());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, feed.latestCalls.size());
    }

    @Test
    void releasesComeNewestFirstAndFollowTheSameCacheRules() {
        installed.version = Optional.of("6.9.8");
        feed.releases = List.of(release("6.9.8", false), release("6.9.10", true), release("6.9.9", false));

        ReleaseListing fresh = service().releases();

        assertFalse(fresh.fromCache());
        assertEquals(List.of("6.9.10", "6.9.9", "6.9.8"),
                fresh.releases().releases().stream().map(Release::version).toList());
        assertEquals("6.9.9", fresh.releases().latestStable().orElseThrow().version());
        assertEquals(Optional.of("6.9.8"), fresh.currentVersion());

        ReleaseListing cached = service().releases();
        assertTrue(cached.fromCache());
        assertEquals(fresh.releases(), cached.releases());
        assertEquals(1, feed.releasesCalls.get());

        clock.advance(Duration.ofHours(2));
        feed.failure = new ServiceUnavailableException(ErrorCode.FEED_UNREACHABLE, "down");
        ReleaseListing stale = service().releases();
        assertTrue(stale.fromCache());
        assertEquals(NOW, stale.checkedAt());

        cache.releases.clear();
        assertThrows(ServiceUnavailableException.class, service()::releases);
    }

    private static Release release(String version, boolean prerelease) {
        return Release.ofTag(version, prerelease, Optional.empty()).orElseThrow();
    }

    private static final class FakeInstalled implements InstalledVersionPort {
        Optional<String> version = Optional.empty();

        @Override
        public Optional<String> recordedVersion(Backend backend) {
            return version.map(String::strip);
        }

        @Override
        public Optional<String> pinnedVersion(Backend backend) {
            return Optional.empty();
        }
    }

    private static final class FakeBinary implements BinaryVersionPort {
        volatile Optional<String> version = Optional.empty();
        /** Asked from many threads at once by the single-flight test. */
        final List<Path> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<String> reportedVersion(Path binary, Duration timeout) {
            asked.add(binary);
            return version;
        }
    }

    private static final class FakeFeed implements ReleaseFeedPort {
        volatile String latest = "0.0.1";
        volatile List<Release> releases = List.of();
        volatile ServiceUnavailableException failure;
        volatile CountDownLatch gate;
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final List<String> latestCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger releasesCalls = new AtomicInteger();

        @Override
        public List<dev.cliproxy.control.domain.model.ReleaseAsset> assets(String repository, String version) {
            throw new UnsupportedOperationException("the update check never asks for assets");
        }

        @Override
        public Release latest(String repository) {
            latestCalls.add(repository);
            firstCallStarted.countDown();
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return release(latest, false);
        }

        @Override
        public List<Release> releases(String repository) {
            releasesCalls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return releases;
        }
    }

    private static final class MemoryCache implements VersionCachePort {
        final Map<Backend, CachedLatestRelease> latest = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Backend, CachedReleaseList> releases = new EnumMap<>(Backend.class);
        final AtomicInteger latestReads = new AtomicInteger();
        volatile boolean failWrites;

        @Override
        public Optional<CachedLatestRelease> readLatest(Backend backend) {
            latestReads.incrementAndGet();
            return Optional.ofNullable(latest.get(backend));
        }

        @Override
        public void writeLatest(Backend backend, CachedLatestRelease entry) {
            if (failWrites) {
                throw new StorageException("Failed to write release cache", "disk full");
            }
            latest.put(backend, entry);
        }

        @Override
        public Optional<CachedReleaseList> readReleases(Backend backend) {
            return Optional.ofNullable(releases.get(backend));
        }

        @Override
        public void writeReleases(Backend backend, CachedReleaseList entry) {
            releases.put(backend, new CachedReleaseList(new ReleaseList(entry.releases().releases()),
                    entry.checkedAt(), entry.repository()));
        }
    }
}
