package dev.cliproxy.control.domain.model;

import java.util.Objects;

/**
 * A session opened by an embedding program: its id in the port's {@code sessions.json}. {@code registered} is
 * false when the proxy answering on the port has no record to hold sessions (it was started by hand), so the
 * session is not counted and closing it stops nothing.
 */
public record ProxySession(int port, String id, boolean registered) {

    public ProxySession {
        Objects.requireNonNull(id, "id");
    }
}
