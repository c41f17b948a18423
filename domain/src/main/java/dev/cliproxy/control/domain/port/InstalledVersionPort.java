package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import java.util.Optional;

/** What the installer recorded about a backend's binary: {@code bin/<backend>/.version} and {@code .version-pin}. */
public interface InstalledVersionPort {

    /** The recorded version text; empty when the file is absent, empty or unreadable. */
    Optional<String> recordedVersion(Backend backend);

    /**
     * The version the user pinned the backend to (the trimmed text of {@code bin/<backend>/.version-pin}, which the
     * {@code ccs} tools honour too); empty when there is none.
     */
    Optional<String> pinnedVersion(Backend backend);
}
