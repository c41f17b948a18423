package dev.cliproxy.control.domain.model;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The releases a user can pick from, newest first by version number (not by publication order), one per version. */
public record ReleaseList(List<Release> releases) {

    public ReleaseList {
        Map<ProxyVersion, Release> unique = new LinkedHashMap<>();
        releases.stream()
                .sorted(Comparator.comparing(Release::number).reversed())
                .forEach(release -> unique.putIfAbsent(release.number(), release));
        releases = List.copyOf(unique.values());
    }

    /** The newest release, prerelease or not. */
    public Optional<Release> latest() {
        return releases.stream().findFirst();
    }

    /** The newest release not marked as a prerelease. */
    public Optional<Release> latestStable() {
        return releases.stream().filter(release -> !release.prerelease()).findFirst();
    }
}
