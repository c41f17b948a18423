package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Whether the proxy answers on its port, and what is known of it. */
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

    record NotRunning() implements ProxyStatus {
        @Override
        public boolean running() {
            return false;
        }
    }
}
