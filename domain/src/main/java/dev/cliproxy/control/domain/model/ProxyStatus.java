package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Whether the proxy answers on its port (or, for a proxy on another host, at its URL), and what is known of it. */
public sealed interface ProxyStatus {

    boolean running();

    /**
     * The proxy runs. {@code pid} and {@code startedAt} are empty for a proxy that answers on the port but that
     * neither this tool nor the CLI recorded (started by hand).
     */
    record Running(int port, OptionalLong pid, int sessionCount, Optional<Instant> startedAt) implements ProxyStatus {
        public Running {
            if (sessionCount < 0) {
                throw new IllegalArgumentException("sessionCount must not be negative");
            }
        }

        @Override
        public boolean running() {
            return true;
        }
    }

    /**
     * A proxy on another host, managed there (the {@code ccs} remote mode, a remote fleet instance), as it answered
     * just now: {@code version} is what its management API reports ({@code X-CPA-VERSION}); {@code message} says,
     * for a person, what failed (never a key). It counts as running when it answered.
     */
    record Remote(URI baseUri, RemoteState state, Optional<String> version, Optional<String> message)
            implements ProxyStatus {
        public Remote {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean running() {
            return state.answered();
        }

        /** The port of its URL. */
        public int port() {
            return baseUri.getPort();
        }
    }

    record NotRunning() implements ProxyStatus {
        @Override
        public boolean running() {
            return false;
        }
    }
}
