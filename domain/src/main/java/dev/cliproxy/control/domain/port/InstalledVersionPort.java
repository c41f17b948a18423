package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import java.util.Optional;

/** What the installer recorded about a backend's binary: the trimmed text of {@code bin/<backend>/.version}. */
public interface InstalledVersionPort {

    /** The recorded version text; empty when the file is absent, empty or unreadable. */
    Optional<String> recordedVersion(Backend backend);
}
