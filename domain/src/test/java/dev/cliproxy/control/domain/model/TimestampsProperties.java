package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Every form a token file or a provider writes an instant in reads back as that instant. */
class TimestampsProperties {

    /** Epoch values from 10^12 up are milliseconds (2001 onwards). */
    @Property
    void largeEpochNumbersAreMilliseconds(@ForAll @LongRange(min = 1_000_000_000_000L, max = 9_000_000_000_000_000L)
                                          long millis) {
        assertEquals(Optional.of(Instant.ofEpochMilli(millis)), Timestamps.parse(Long.toString(millis)));
        assertEquals(Instant.ofEpochMilli(millis), Timestamps.fromEpoch(millis));
    }

    @Property
    void smallerEpochNumbersAreSeconds(@ForAll @LongRange(min = 0, max = 999_999_999_999L) long seconds) {
        assertEquals(Optional.of(Instant.ofEpochSecond(seconds)), Timestamps.parse(Long.toString(seconds)));
    }

    @Property
    void fractionalSecondsKeepTheirMilliseconds(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds,
                                                @ForAll @IntRange(min = 0, max = 999) int millis) {
        String text = seconds + "." + String.format("%03d", millis);
        assertEquals(Optional.of(Instant.ofEpochSecond(seconds).plusMillis(millis)), Timestamps.parse(text));
    }

    @Property
    void isoDateTimesWithAnOffsetReadAsThatInstant(@ForAll @LongRange(min = -10_000_000_000L, max = 100_000_000_000L)
                                                   long epochSecond,
                                                   @ForAll @IntRange(min = -18 * 3600, max = 18 * 3600) int offset) {
        OffsetDateTime written = Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.ofTotalSeconds(offset));
        assertEquals(Optional.of(written.toInstant()), Timestamps.parse(written.toString()));
        assertEquals(Optional.of(written.toInstant()), Timestamps.parse("  " + written + "\n"));
    }

    @Property
    void plainDatesAreTheStartOfThatDayInUtc(@ForAll @LongRange(min = -100_000, max = 100_000) long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        assertEquals(Optional.of(date.atStartOfDay(ZoneOffset.UTC).toInstant()), Timestamps.parse(date.toString()));
    }

    @Example
    void anythingElseIsEmpty() {
        for (String text : new String[] {null, "", "   ", "soon", "2026-13-01", "2026-01-01T10:00", "-5", "1e12",
                "12345678901234567"}) {
            assertEquals(Optional.empty(), Timestamps.parse(text), String.valueOf(text));
        }
    }

    @Example
    void theSwitchFromSecondsToMilliseconds() {
        assertEquals(Instant.ofEpochSecond(999_999_999_999L), Timestamps.fromEpoch(999_999_999_999d));
        assertEquals(Instant.ofEpochMilli(1_000_000_000_000L), Timestamps.fromEpoch(1e12));
        assertEquals(Instant.parse("2023-11-14T22:13:20.250Z"), Timestamps.fromEpoch(1_700_000_000.25));
    }
}
