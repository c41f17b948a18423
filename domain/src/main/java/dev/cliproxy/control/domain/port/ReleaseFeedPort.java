package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Release;
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
}
