package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A release feed in memory: the releases it publishes, and whether it is reachable. Faults: {@link #down} (every
 * call fails as an unreachable or slow feed does). Counts its calls, so tests can see what a cache saved.
 */
public final class InMemoryReleaseFeed implements ReleaseFeedPort {

    /** How the feed answers. */
    public enum State { UP, UNREACHABLE, TIMES_OUT }

    private final List<Release> releases = new ArrayList<>();
    private final Map<String, List<ReleaseAsset>> assets = new HashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile State state = State.UP;

    /** Publishes these releases (any order); the latest is the highest version that is not a prerelease. */
    public synchronized void publish(List<Release> published) {
        releases.clear();
        releases.addAll(published);
    }

    /** Attaches these files to the release of {@code version} (published or not: a tag GitHub still serves). */
    public synchronized void attach(String version, List<ReleaseAsset> files) {
        assets.put(version, List.copyOf(files));
    }

    public void up() {
        state = State.UP;
    }

    public void down(State failure) {
        if (failure == State.UP) {
            throw new IllegalArgumentException("down needs a failure");
        }
        state = failure;
    }

    public State state() {
        return state;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public synchronized Release latest(String repository) {
        check();
        return releases.stream().filter(r -> !r.prerelease()).max(Comparator.comparing(Release::number))
                .orElseThrow(() -> new ServiceUnavailableException(ErrorCode.FEED_INVALID,
                        "github.com published no release of " + repository));
    }

    @Override
    public synchronized List<Release> releases(String repository) {
        check();
        return releases.stream().sorted(Comparator.comparing(Release::number).reversed()).toList();
    }

    @Override
    public synchronized List<ReleaseAsset> assets(String repository, String version) {
        check();
        List<ReleaseAsset> files = assets.get(version);
        if (files == null) {
            throw new ServiceUnavailableException(ErrorCode.FEED_NOT_FOUND,
                    "GitHub has no release v" + version + " for " + repository + " (HTTP 404)");
        }
        return files;
    }

    private void check() {
        calls.incrementAndGet();
        switch (state) {
            case UNREACHABLE -> throw new ServiceUnavailableException(ErrorCode.FEED_UNREACHABLE,
                    "cannot reach api.github.com (connection refused)");
            case TIMES_OUT -> throw new ServiceUnavailableException(ErrorCode.FEED_TIMEOUT,
                    "api.github.com did not answer within 10 s");
            case UP -> { }
        }
    }
}
