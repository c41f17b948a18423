package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The session records of a proxy on another host: they are on its host, and none is here. */
public final class RemoteSessionStoreAdapter implements SessionStorePort {

    @Override
    public Optional<SessionRecord> read(int port) {
        return Optional.empty();
    }

    @Override
    public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
        throw new ConflictException(ErrorCode.PROXY_IS_REMOTE,
                "The proxy runs on another host: its sessions are registered there, not here.");
    }
}
