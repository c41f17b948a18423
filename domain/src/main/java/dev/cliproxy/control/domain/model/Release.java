package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One published release of the proxy: its version as shown to people (the tag without its {@code v}), whether the
 * publisher marked it as a prerelease, and when it was published when that is known.
 */
public record Release(String version, boolean prerelease, Optional<Instant> publishedAt) {

    public Release {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (ProxyVersion.parse(version).isEmpty()) {
            throw new IllegalArgumentException("not a release version: " + version);
        }
    }

    /** The release of a tag such as {@code v6.9.6}; empty for tags that are not release versions. */
    public static Optional<Release> ofTag(String tag, boolean prerelease, Optional<Instant> publishedAt) {
        return ProxyVersion.parse(tag).map(v -> new Release(ProxyVersion.displayText(tag), prerelease, publishedAt));
    }

    public ProxyVersion number() {
        return ProxyVersion.parse(version).orElseThrow();
    }
}
