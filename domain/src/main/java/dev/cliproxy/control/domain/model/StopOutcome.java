package dev.cliproxy.control.domain.model;

import java.util.Objects;

/** What a stop did: {@code POST /proxy-stop} answers each with 200. */
public sealed interface StopOutcome {

    int port();

    /**
     * The recorded proxy has exited and its record is cleared. {@code sessionCount} is the number of live sessions
     * it had; {@code forced} tells that it ignored SIGTERM for the whole grace period and was killed.
     */
    record Stopped(int port, long pid, int sessionCount, boolean forced) implements StopOutcome {
    }

    /** Nothing was signalled; {@code reason} says why. */
    record NotStopped(int port, String reason) implements StopOutcome {
        public NotStopped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
