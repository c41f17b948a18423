package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code supervision} section of the control settings: whether a crashed proxy is started again, how long to
 * wait before each try (from {@code initialBackoff}, doubling, at most {@code maxBackoff}), and when to give up:
 * more than {@code maxCrashes} crashes within {@code crashWindow} is a crash loop.
 */
public record SupervisionSettings(boolean enabled, int maxCrashes, Duration crashWindow, Duration initialBackoff,
                                  Duration maxBackoff) {

    public static final SupervisionSettings DEFAULTS = new SupervisionSettings(false, 5, Duration.ofMinutes(10),
            Duration.ofSeconds(1), Duration.ofSeconds(60));

    public SupervisionSettings {
        Objects.requireNonNull(crashWindow, "crashWindow");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxCrashes < 1 || maxCrashes > 1000) {
            throw invalid("supervision.maxCrashes must be a whole number from 1 to 1000");
        }
        positive(crashWindow, "crashWindow");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw invalid("supervision.initialBackoff must not be longer than supervision.maxBackoff");
        }
    }

    /** The same settings, enabled or not. */
    public SupervisionSettings withEnabled(boolean on) {
        return new SupervisionSettings(on, maxCrashes, crashWindow, initialBackoff, maxBackoff);
    }

    /** The wait before the try that follows the {@code crashes}-th crash of the window (1 for the first). */
    public Duration backoff(int crashes) {
        Duration delay = initialBackoff;
        for (int i = 1; i < crashes && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) < 0 ? delay : maxBackoff;
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero() || value.compareTo(SettingsDuration.MAX) > 0) {
            throw invalid("supervision." + name + " must be positive and at most "
                    + SettingsDuration.format(SettingsDuration.MAX));
        }
    }

    static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_SETTINGS, detail);
    }
}
