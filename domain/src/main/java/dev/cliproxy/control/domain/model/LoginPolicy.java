package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How sign-ins are driven: how long this server waits for a person's consent before it gives the flow up
 * ({@code timeout}), how often it asks the proxy how a flow stands ({@code pollInterval}), how long the answer of a
 * finished flow stays readable ({@code keepFinished}), and how long the check that the proxy runs may take.
 */
public record LoginPolicy(Duration timeout, Duration pollInterval, Duration keepFinished, Duration probeTimeout) {

    /** Ten minutes to consent (the proxy itself waits five for a callback), one question a second. */
    public static final LoginPolicy DEFAULT = new LoginPolicy(Duration.ofMinutes(10), Duration.ofSeconds(1),
            Duration.ofMinutes(10), Duration.ofSeconds(1));

    public LoginPolicy {
        for (Duration duration : new Duration[] {
                Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(pollInterval, "pollInterval"),
                Objects.requireNonNull(keepFinished, "keepFinished"),
                Objects.requireNonNull(probeTimeout, "probeTimeout")}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("sign-in durations are positive, was " + duration);
            }
        }
    }
}
