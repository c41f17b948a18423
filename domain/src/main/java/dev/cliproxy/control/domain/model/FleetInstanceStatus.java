package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.Objects;

/** What the fleet status found of one instance, and how long it took to find it. */
public record FleetInstanceStatus(FleetInstance instance, Outcome outcome, Duration elapsed) {

    public FleetInstanceStatus {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** How the instance's status came out. */
    public sealed interface Outcome {

        /** Its status, as {@code proxy-status} reports it. */
        record Answered(ProxyStatus status) implements Outcome {
            public Answered {
                Objects.requireNonNull(status, "status");
            }
        }

        /** No status within the instance's deadline: the others were not held up by it. */
        record TimedOut(Duration deadline) implements Outcome {
            public TimedOut {
                Objects.requireNonNull(deadline, "deadline");
            }
        }

        /** Asking failed in a way the status itself does not express. */
        record Failed(FleetFailure failure) implements Outcome {
            public Failed {
                Objects.requireNonNull(failure, "failure");
            }
        }
    }
}
