package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.CloseProxySessionUseCase;
import dev.cliproxy.control.application.usecase.OpenProxySessionUseCase;
import dev.cliproxy.control.domain.model.ProxySession;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions of an embedding program: {@code control.sessions()}. While a session is open the proxy keeps running;
 * closing the last one stops a proxy that sessions started. Sessions are recorded in {@code sessions.json} with
 * this process as their owner, so they stop counting if this process dies without closing them.
 *
 * <pre>{@code
 * try (SessionOperations.Handle session = control.sessions().open()) {
 *     // the proxy answers on session.port() until the handle is closed
 * }
 * }</pre>
 */
public final class SessionOperations {

    private final OpenProxySessionUseCase open;
    private final CloseProxySessionUseCase close;

    SessionOperations(OpenProxySessionUseCase open, CloseProxySessionUseCase close) {
        this.open = open;
        this.close = close;
    }

    /**
     * Opens a session, starting the proxy first if none runs.
     *
     * @throws dev.cliproxy.control.domain.error.ServiceUnavailableException when the proxy cannot be started; its
     *         detail says why and what to do
     */
    public Handle open() {
        return new Handle(open.open());
    }

    /** An open session; closing it more than once does nothing. */
    public final class Handle implements AutoCloseable {

        private final ProxySession session;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Handle(ProxySession session) {
            this.session = session;
        }

        /** The port of the proxy this session uses. */
        public int port() {
            return session.port();
        }

        /** The session's id in {@code sessions.json}. */
        public String id() {
            return session.id();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                close.close(session);
            }
        }
    }
}
