package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;

/**
 * A status that concurrent callers share ({@link SharedCheck}): each gets a look begun after it asked, so the answer
 * is never older than the call (a proxy that exited or appeared before the call is in it), while a dashboard polled
 * by many clients looks once per round of calls instead of once per call.
 */
public final class SharedStatusService implements GetProxyStatusUseCase {

    private final SharedCheck<ProxyStatus> shared;

    public SharedStatusService(GetProxyStatusUseCase status) {
        this.shared = new SharedCheck<>(status::status);
    }

    @Override
    public ProxyStatus status() {
        return shared.get();
    }

    /** Callers that joined a look so far (tests wait on it). */
    int callersJoined() {
        return shared.joined();
    }
}
