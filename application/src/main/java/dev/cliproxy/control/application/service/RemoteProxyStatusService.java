package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.port.RemoteProxyPort;
import java.time.Duration;

/**
 * The status of a proxy on another host: no session record or process of it is here, so its state is what it
 * answers at its URL, within {@code timeout}.
 */
public final class RemoteProxyStatusService implements GetProxyStatusUseCase {

    private final RemoteProxyPort remote;
    private final Duration timeout;

    public RemoteProxyStatusService(RemoteProxyPort remote, Duration timeout) {
        this.remote = remote;
        this.timeout = timeout;
    }

    @Override
    public ProxyStatus status() {
        return remote.check(timeout);
    }
}
