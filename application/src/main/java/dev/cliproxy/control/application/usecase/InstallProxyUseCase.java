package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.ProxyVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /install}: downloads a release of the backend in use, verifies its SHA-256, unpacks it, tries it on a
 * spare port and only then makes it the proxy's binary (restarting the proxy if it ran, rolling back if the new one
 * does not come up). One install or rollback at a time, across every process on the CCS directory: another one
 * meanwhile is a {@link dev.cliproxy.control.domain.error.ConflictException}.
 */
public interface InstallProxyUseCase {

    InstallOutcome install(InstallCommand command);

    /**
     * The version to install ({@code X.Y.Z} or {@code X.Y.Z-N}, a leading {@code v} allowed); empty: the pinned
     * version ({@code .version-pin}), else the latest stable release. {@code force}: install it even though it is
     * one of the releases with known bugs ({@link ProxyVersion#isKnownFaulty()}), as {@code ccs}'s
     * {@code {"force":true}} does.
     */
    record InstallCommand(Optional<String> version, boolean force) {

        public InstallCommand {
            Objects.requireNonNull(version, "version");
            if (version.filter(text -> ProxyVersion.parse(text).isEmpty()).isPresent()) {
                throw new InvalidInputException(ErrorCode.INVALID_VERSION, "version must look like 6.9.6 or 6.6.9-0");
            }
            version = version.map(ProxyVersion::displayText);
        }

        public static InstallCommand latest() {
            return new InstallCommand(Optional.empty(), false);
        }

        public static InstallCommand of(String version) {
            return new InstallCommand(Optional.of(version), false);
        }

        /** The same, installed even if it has known bugs. */
        public InstallCommand forced() {
            return new InstallCommand(version, true);
        }
    }
}
