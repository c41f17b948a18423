package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** A quota's numbers always add up: {@code used + remaining == limit} and {@code 0 <= remaining <= limit}. */
class QuotaEntryProperties {

    private static final Instant RESET = Instant.parse("2026-01-01T00:00:00Z");

    @Property
    void aPercentQuotaIsTheFractionClampedToWholePercent(@ForAll double fraction) {
        QuotaEntry entry = QuotaEntry.percent("m", fraction, RESET);

        long expected = Double.isNaN(fraction) ? 0 : Math.round(Math.max(0, Math.min(1, fraction)) * 100);
        assertEquals(100L, entry.limit());
        assertEquals(expected, entry.remaining());
        assertEquals(100 - expected, entry.used());
        assertEquals(QuotaUnit.PERCENT, entry.unit());
        assertEquals(RESET, entry.resetAt());
    }

    @Example
    void percentExamples() {
        assertEquals(37L, QuotaEntry.percent("m", 0.37, RESET).remaining());
        assertEquals(63L, QuotaEntry.percent("m", 0.37, RESET).used());
        assertEquals(100L, QuotaEntry.percent("m", 7.0, RESET).remaining());
        assertEquals(0L, QuotaEntry.percent("m", -0.5, RESET).remaining());
        assertEquals(0L, QuotaEntry.percent("m", Double.NaN, RESET).remaining());
    }

    @Property
    void anAbsoluteQuotaClampsUsageIntoItsLimit(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long limit,
                                                 @ForAll @LongRange(min = -2_000_000, max = 2_000_000) long used) {
        QuotaEntry entry = QuotaEntry.absolute("m", limit, used, RESET, QuotaUnit.TOKENS);

        long cap = Math.max(0, limit);
        assertEquals(cap, entry.limit());
        assertEquals(Math.max(0, Math.min(cap, used)), entry.used());
        assertEquals(entry.limit() - entry.used(), entry.remaining());
        assertTrue(entry.remaining() >= 0 && entry.remaining() <= entry.limit());
        assertEquals(QuotaUnit.TOKENS, entry.unit());
    }

    @Property
    void consistentNumbersAreAccepted(@ForAll @LongRange(min = 0, max = 1_000_000) long used,
                                      @ForAll @LongRange(min = 0, max = 1_000_000) long remaining) {
        QuotaEntry entry = entry(used + remaining, used, remaining);
        assertEquals(used + remaining, entry.limit());
    }

    @Property
    void remainingOutsideZeroToLimitIsRejected(@ForAll @LongRange(min = 0, max = 1_000_000) long limit,
                                               @ForAll @LongRange(min = -1_000_000, max = 2_000_000) long remaining) {
        Assume.that(remaining < 0 || remaining > limit);
        assertThrows(IllegalArgumentException.class, () -> entry(limit, null, remaining));
        assertThrows(IllegalArgumentException.class, () -> entry(limit, limit - remaining, remaining));
    }

    @Property
    void numbersThatDoNotAddUpAreRejected(@ForAll @LongRange(min = 0, max = 1_000_000) long limit,
                                          @ForAll @LongRange(min = 0, max = 1_000_000) long used,
                                          @ForAll @LongRange(min = 0, max = 1_000_000) long remaining) {
        Assume.that(remaining <= limit && used + remaining != limit);
        assertThrows(IllegalArgumentException.class, () -> entry(limit, used, remaining));
    }

    @Example
    void boundariesAndMissingNumbers() {
        entry(10L, 10L, 0L);
        entry(10L, 0L, 10L);
        entry(null, 5L, 7L);
        entry(10L, null, 3L);
        entry(10L, 3L, null);
        assertThrows(IllegalArgumentException.class, () -> entry(10L, null, 11L));
        assertThrows(IllegalArgumentException.class, () -> entry(10L, null, -1L));
    }

    @Example
    void eachWitherChangesOnlyItsField() {
        QuotaEntry base = entry(10L, 4L, 6L);
        assertEquals(new QuotaEntry("m", 10L, 4L, 6L, RESET, QuotaUnit.REQUESTS, "5h", null, null, null, null),
                base.withWindow("5h"));
        assertEquals(new QuotaEntry("m", 10L, 4L, 6L, RESET, QuotaUnit.REQUESTS, null, "pro", null, null, null),
                base.withPlan("pro"));
        assertEquals(new QuotaEntry("m", 10L, 4L, 6L, RESET, QuotaUnit.REQUESTS, null, null, "t1", null, null),
                base.withTier("t1"));
        assertEquals(new QuotaEntry("m", 10L, 4L, 6L, RESET, QuotaUnit.REQUESTS, null, null, null, "L", null),
                base.withLabel("L"));
        assertEquals(new QuotaEntry("m", 10L, 4L, 6L, RESET, QuotaUnit.REQUESTS, null, null, null, null, true),
                base.withUnlimited(true));
    }

    private static QuotaEntry entry(Long limit, Long used, Long remaining) {
        return new QuotaEntry("m", limit, used, remaining, RESET, QuotaUnit.REQUESTS, null, null, null, null, null);
    }
}
