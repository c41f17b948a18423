package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.OptionalLong;

/** What a start did: {@code POST /proxy-start} answers each with 200. */
public sealed interface StartOutcome {

    int port();

    /** This call launched the proxy and it became healthy. */
    record Started(int port, long pid) implements StartOutcome {
    }

    /** A verified proxy already served the port; {@code pid} is empty when nobody recorded it (started by hand). */
    record AlreadyRunning(int port, OptionalLong pid) implements StartOutcome {
        public AlreadyRunning {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** No proxy runs; {@code reason} says why and what to do, and never holds a secret. */
    record StartFailed(int port, String reason) implements StartOutcome {
        public StartFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
