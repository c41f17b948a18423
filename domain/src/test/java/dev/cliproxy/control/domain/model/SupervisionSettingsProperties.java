package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The bounds of the supervision section: refused values are refused naming their key. */
class SupervisionSettingsProperties {

    private static final SupervisionSettings D = SupervisionSettings.DEFAULTS;

    @Property
    void maxCrashesIsFromOneToAThousand(@ForAll @IntRange(min = -2000, max = 2000) int maxCrashes) {
        if (maxCrashes >= 1 && maxCrashes <= 1000) {
            assertEquals(maxCrashes, withMaxCrashes(maxCrashes).maxCrashes());
        } else {
            assertRefused(() -> withMaxCrashes(maxCrashes), "supervision.maxCrashes");
        }
    }

    @Example
    void oneAndAThousandCrashesAndADayAreTheLimits() {
        assertEquals(1, withMaxCrashes(1).maxCrashes());
        assertEquals(1000, withMaxCrashes(1000).maxCrashes());
        assertRefused(() -> withMaxCrashes(0), "supervision.maxCrashes");
        assertRefused(() -> withMaxCrashes(1001), "supervision.maxCrashes");
        Duration day = SettingsDuration.MAX;
        assertEquals(day, new SupervisionSettings(true, 5, day, day, day).crashWindow());
        assertRefused(() -> new SupervisionSettings(true, 5, Duration.ZERO, D.initialBackoff(), D.maxBackoff()),
                "supervision.crashWindow");
    }

    @Property
    void everyDurationIsPositiveAndAtMostADay(@ForAll @LongRange(min = -1000, max = 1000) long offsetMillis,
                                              @ForAll boolean nearZero) {
        Duration value = nearZero ? Duration.ofMillis(offsetMillis) : SettingsDuration.MAX.plusMillis(offsetMillis);
        boolean valid = value.compareTo(Duration.ZERO) > 0 && value.compareTo(SettingsDuration.MAX) <= 0;
        check(valid, "crashWindow", () -> new SupervisionSettings(true, 5, value, D.initialBackoff(), D.maxBackoff()));
        // initialBackoff is checked against a maximum that is itself valid.
        check(valid, "initialBackoff", () -> new SupervisionSettings(true, 5, D.crashWindow(), value,
                SettingsDuration.MAX));
        check(valid, "maxBackoff", () -> new SupervisionSettings(true, 5, D.crashWindow(),
                Duration.ofMillis(1), value));
    }

    @Example
    void theInitialBackoffMayEqualTheMaximum() {
        Duration oneMinute = Duration.ofMinutes(1);
        assertEquals(oneMinute, new SupervisionSettings(true, 5, D.crashWindow(), oneMinute, oneMinute).backoff(3));
    }

    private static void check(boolean valid, String key, java.util.function.Supplier<SupervisionSettings> make) {
        if (valid) {
            make.get();
        } else {
            assertRefused(make::get, "supervision." + key);
        }
    }

    private static SupervisionSettings withMaxCrashes(int maxCrashes) {
        return new SupervisionSettings(false, maxCrashes, D.crashWindow(), D.initialBackoff(), D.maxBackoff());
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable make, String key) {
        InvalidInputException e = assertThrows(InvalidInputException.class, make);
        assertEquals(ErrorCode.INVALID_SETTINGS.error(), e.error());
        assertTrue(e.detail().orElse("").contains(key), e.detail().orElse(""));
    }
}
