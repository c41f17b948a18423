package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ProxySession;

/** Ends a session; the last one to close stops a proxy that sessions started. */
public interface CloseProxySessionUseCase {

    /** Closing a session that is already gone (the proxy was stopped meanwhile) does nothing. */
    void close(ProxySession session);
}
