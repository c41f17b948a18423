package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallOperation;
import java.util.Optional;

/** {@code GET /install} and the install steps of {@code GET /events}. */
public interface WatchInstallUseCase {

    /** The running install or rollback, else the last one since this program started; empty when none ran. */
    Optional<InstallOperation> current();

    /** Subscribes to the steps of every install and rollback from now on. */
    WatchProxyStatusUseCase.Subscription watch(Listener listener);

    /** Receives steps on the installing thread: it must return quickly and not block. */
    @FunctionalInterface
    interface Listener {
        void step(InstallEvent event);
    }
}
