package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/** How an install or a rollback ended ({@code POST /install} and {@code POST /rollback} answer it with 200). */
public sealed interface InstallOutcome {

    /** {@code version} is the backend's binary now; {@code restarted} when the proxy ran and runs it now. */
    record Installed(String version, Optional<String> previousVersion, boolean restarted) implements InstallOutcome {
        public Installed {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(previousVersion, "previousVersion");
        }
    }

    /**
     * Nothing new was promoted, or what was promoted did not come up: {@code rolledBack} when the version before
     * was put back. {@code error} says what happened and what to do; never a secret.
     */
    record Failed(String error, boolean rolledBack) implements InstallOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
