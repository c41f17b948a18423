package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of an update check. {@code currentVersion} is empty when neither the {@code .version} file nor the
 * binary tells it; then there is no update to offer, since nothing is known to be older.
 */
public record UpdateCheck(Backend backend, Optional<String> currentVersion, String latestVersion, boolean fromCache,
                          Instant checkedAt) {

    public UpdateCheck {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(latestVersion, "latestVersion");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** The latest version is strictly newer than the installed one. */
    public boolean hasUpdate() {
        Optional<ProxyVersion> latest = ProxyVersion.parse(latestVersion);
        return currentVersion.flatMap(ProxyVersion::parse)
                .map(current -> latest.map(l -> l.isNewerThan(current)).orElse(false))
                .orElse(false);
    }
}
