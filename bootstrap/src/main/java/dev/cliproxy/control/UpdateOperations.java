package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallOperation;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.ReleaseListing;
import dev.cliproxy.control.domain.model.UpdateCheck;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Published proxy releases against the installed one, and installing, upgrading and rolling back the backend's
 * binary: {@code control.updates()}.
 */
public final class UpdateOperations {

    private final CheckForUpdateUseCase updateCheck;
    private final ListReleasesUseCase releases;
    private final InstallProxyUseCase install;
    private final RollbackProxyUseCase rollback;
    private final WatchInstallUseCase installs;

    UpdateOperations(CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases, InstallProxyUseCase install,
                     RollbackProxyUseCase rollback, WatchInstallUseCase installs) {
        this.updateCheck = updateCheck;
        this.releases = releases;
        this.install = install;
        this.rollback = rollback;
        this.installs = installs;
    }

    /**
     * Whether a newer release is published, from a cache under an hour old when there is one. Throws
     * {@link dev.cliproxy.control.domain.error.ServiceUnavailableException} when the feed fails and nothing is cached.
     */
    public UpdateCheck check() {
        return updateCheck.check();
    }

    /** The releases a user can pick from, newest first, prereleases marked; same cache and failure rules. */
    public ReleaseListing releases() {
        return releases.releases();
    }

    /**
     * Installs {@code version} ({@code 6.9.6}; empty: the pinned version, else the latest stable release) of the
     * backend in use: downloaded, checked against its published SHA-256, tried on a spare port, then promoted, the
     * proxy restarted if it ran and the version before put back if the new one does not come up. Returns when done.
     * Throws {@link dev.cliproxy.control.domain.error.InvalidInputException} for a malformed version and
     * {@link dev.cliproxy.control.domain.error.ConflictException} while another install or rollback runs (in this
     * or another process on the CCS directory) or when {@code version} is one with known bugs
     * ({@code faulty_version}; {@link #install(Optional, boolean)} with {@code force} installs it anyway).
     */
    public InstallOutcome install(Optional<String> version) {
        return install(version, false);
    }

    /** As {@link #install(Optional)}; {@code force}: even a version with known bugs (6.6.81 to 6.6.88). */
    public InstallOutcome install(Optional<String> version, boolean force) {
        return install.install(new InstallProxyUseCase.InstallCommand(version, force));
    }

    /** Puts back the version the last install replaced, restarting the proxy if it ran. */
    public InstallOutcome rollback() {
        return rollback.rollback();
    }

    /** The running install or rollback, else the last one; empty when none ran since this instance was built. */
    public Optional<InstallOperation> installStatus() {
        return installs.current();
    }

    /** Tells {@code listener} every step of every install and rollback until the returned handle is closed. */
    public AutoCloseable onInstallStep(Consumer<InstallEvent> listener) {
        return installs.watch(listener::accept);
    }
}
