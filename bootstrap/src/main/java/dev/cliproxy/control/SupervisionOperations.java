package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetSupervisionStatusUseCase;
import dev.cliproxy.control.domain.model.SupervisionStatus;

/**
 * Supervision of the proxy: {@code control.supervision()}. It is switched on by {@link CliProxyControlBuilder#supervise}
 * or by {@code supervision.enabled} of {@link CliProxyControl#controlSettings()}; its restarts, crashes and crash
 * loop are also reported to {@link ProxyOperations#watch} as {@code restarting}, {@code restarted} and
 * {@code crash-loop}.
 */
public final class SupervisionOperations {

    private final GetSupervisionStatusUseCase status;

    SupervisionOperations(GetSupervisionStatusUseCase status) {
        this.status = status;
    }

    /** Whether the proxy is supervised now, how often it was started again, its last crash, a crash loop. */
    public SupervisionStatus status() {
        return status.supervision();
    }
}
