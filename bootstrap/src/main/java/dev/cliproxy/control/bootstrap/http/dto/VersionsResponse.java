package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseListing;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /versions}: the releases newest first, {@code latestStable} and {@code latest} ({@code null} when there
 * is none), the installed {@code currentVersion} (or {@code null}), {@code fromCache}, {@code checkedAt},
 * {@code backend} and its {@code backendLabel}.
 */
public record VersionsResponse(List<Entry> versions, String latestStable, String latest, String currentVersion,
                               boolean fromCache, long checkedAt, String backend, String backendLabel) {

    /** One release; {@code publishedAt} in epoch milliseconds, {@code null} when unknown. */
    public record Entry(String version, boolean prerelease, Long publishedAt) {
    }

    public static VersionsResponse from(ReleaseListing listing) {
        List<Entry> versions = listing.releases().releases().stream()
                .map(release -> new Entry(release.version(), release.prerelease(),
                        release.publishedAt().map(Instant::toEpochMilli).orElse(null)))
                .toList();
        return new VersionsResponse(versions,
                listing.releases().latestStable().map(Release::version).orElse(null),
                listing.releases().latest().map(Release::version).orElse(null),
                listing.currentVersion().orElse(null), listing.fromCache(), listing.checkedAt().toEpochMilli(),
                listing.backend().folder(), listing.backend().label());
    }
}
