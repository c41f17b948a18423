package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import java.util.List;

/**
 * The published releases of a repository ({@code owner/name}). Every failure (unreachable, slow, rate-limited, an
 * answer that is not a release) is a {@link ServiceUnavailableException} whose message says which.
 */
public interface ReleaseFeedPort {

    /** The release the feed marks as latest (never a prerelease or a draft). */
    Release latest(String repository);

    /** The recent releases whose tags are release versions, drafts left out, prereleases marked. */
    List<Release> releases(String repository);

    /**
     * The files attached to the release of {@code version} (tagged {@code v<version>}), with the SHA-256 the feed
     * publishes for each when it does. A release that does not exist is a {@link ServiceUnavailableException} too
     * ({@code code} {@code feed_not_found}).
     */
    List<ReleaseAsset> assets(String repository, String version);
}
