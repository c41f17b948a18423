package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ProxySession;

/** An embedding program declares that it uses the proxy: the proxy is started if needed and kept running. */
public interface OpenProxySessionUseCase {

    /**
     * Registers a session owned by this process in {@code sessions.json}, starting the proxy first if none runs.
     *
     * @throws dev.cliproxy.control.domain.error.ServiceUnavailableException when the proxy cannot be started
     */
    ProxySession open();
}
