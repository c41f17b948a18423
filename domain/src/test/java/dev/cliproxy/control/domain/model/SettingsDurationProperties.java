package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Durations are written in the largest unit that divides them, and read back as written. */
class SettingsDurationProperties {

    private static final List<String> UNITS = List.of("h", "m", "s", "ms");
    private static final List<Long> MILLIS_PER_UNIT = List.of(3_600_000L, 60_000L, 1000L, 1L);

    @Property
    void aWholeAmountOfAUnitIsWrittenInTheLargestUnitThatDividesIt(
            @ForAll @LongRange(min = 1, max = 1_000_000) long amount, @ForAll @IntRange(min = 0, max = 3) int unit) {
        long millis = amount * MILLIS_PER_UNIT.get(unit);
        int largest = 0;
        while (millis % MILLIS_PER_UNIT.get(largest) != 0) {
            largest++;
        }

        String text = SettingsDuration.format(Duration.ofMillis(millis));

        assertEquals(millis / MILLIS_PER_UNIT.get(largest) + UNITS.get(largest), text);
        assertEquals(Optional.of(Duration.ofMillis(millis)), SettingsDuration.parse(text));
    }

    @Property
    void underASecondItIsMilliseconds(@ForAll @LongRange(min = 0, max = 999) long millis) {
        assertEquals(millis + "ms", SettingsDuration.format(Duration.ofMillis(millis)));
    }

    @Example
    void nothingIsZeroMilliseconds() {
        assertEquals("0ms", SettingsDuration.format(Duration.ZERO));
    }

    @Property
    void eachUnitReadsAsItsDuration(@ForAll @LongRange(min = 0, max = 999_999_999) long amount,
                                    @ForAll @IntRange(min = 0, max = 3) int unit) {
        assertEquals(Optional.of(Duration.ofMillis(amount).multipliedBy(MILLIS_PER_UNIT.get(unit))),
                SettingsDuration.parse(" " + amount + UNITS.get(unit) + " "));
    }

    @Example
    void otherFormsAreNotDurations() {
        for (String text : List.of("", "1", "ms", "1 s", "1.5s", "-1s", "1d", "1S", "1234567890ms", "PT1S")) {
            assertEquals(Optional.empty(), SettingsDuration.parse(text), text);
        }
    }
}
