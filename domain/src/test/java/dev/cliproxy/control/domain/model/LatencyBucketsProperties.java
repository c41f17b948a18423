package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Latency buckets partition the milliseconds, and percentiles read from them are within 12.5%. */
class LatencyBucketsProperties {

    @Property
    void everyLatencyFallsInTheBucketWhoseBoundsHoldIt(@ForAll @LongRange(min = -5, max = 3_000_000) long ms) {
        int bucket = LatencyBuckets.of(ms);
        assertTrue(bucket >= 0 && bucket < LatencyBuckets.COUNT);
        assertTrue(LatencyBuckets.lowerBound(bucket) <= Math.max(0, ms));
        if (bucket < LatencyBuckets.COUNT - 1) {
            assertTrue(Math.max(0, ms) < LatencyBuckets.lowerBound(bucket + 1), "below the next bucket");
        }
    }

    @Property
    void aBucketStandsForItsLatenciesWithinAnEighth(@ForAll @LongRange(min = 0, max = 1_800_000) long ms) {
        long shown = LatencyBuckets.representative(LatencyBuckets.of(ms));
        assertTrue(Math.abs(shown - ms) <= ms / 8.0 + 0.5, ms + " shown as " + shown);
    }

    @Property
    void bucketsGrowWithTheLatency(@ForAll @LongRange(min = 0, max = 3_000_000) long a,
                                   @ForAll @LongRange(min = 0, max = 3_000_000) long b) {
        assertTrue(a > b || LatencyBuckets.of(a) <= LatencyBuckets.of(b));
    }

    @Example
    void theBucketsBoundaries() {
        assertEquals(0, LatencyBuckets.of(-3));
        assertEquals(7, LatencyBuckets.of(7));
        assertEquals(7, LatencyBuckets.representative(7));
        assertEquals(8, LatencyBuckets.of(8));
        assertEquals(8, LatencyBuckets.of(9));
        assertEquals(9, LatencyBuckets.of(10));
        assertEquals(12, LatencyBuckets.of(16));
        assertEquals(8, LatencyBuckets.lowerBound(8));
        assertEquals(9, LatencyBuckets.representative(8));
        assertEquals(16, LatencyBuckets.lowerBound(12));
        assertEquals(18, LatencyBuckets.representative(12));
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.of(Long.MAX_VALUE));
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.of(LatencyBuckets.MAX_EXACT_MS));
        assertEquals(LatencyBuckets.COUNT - 2, LatencyBuckets.of(LatencyBuckets.MAX_EXACT_MS - 1));
        assertEquals(1_835_008, LatencyBuckets.MAX_EXACT_MS);
    }

    @Property
    void percentilesAreWithinAnEighthOfTheExactOnes(
            @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 600_000) Long> latencies,
            @ForAll @DoubleRange(min = 0.01, max = 1.0) double fraction) {
        long[] counts = new long[LatencyBuckets.COUNT];
        latencies.forEach(ms -> counts[LatencyBuckets.of(ms)]++);
        List<Long> sorted = latencies.stream().sorted().toList();
        long exact = sorted.get((int) Math.max(0, Math.ceil(fraction * sorted.size()) - 1));
        long read = LatencyBuckets.percentile(counts, fraction);
        assertEquals(LatencyBuckets.representative(LatencyBuckets.of(exact)), read);
    }

    @Example
    void nothingCountedIsZero() {
        assertEquals(0, LatencyBuckets.percentile(new long[LatencyBuckets.COUNT], 0.5));
    }

    @Example
    void theMedianAndTheTail() {
        long[] counts = new long[LatencyBuckets.COUNT];
        counts[LatencyBuckets.of(100)] = 90;
        counts[LatencyBuckets.of(5000)] = 10;
        assertEquals(LatencyBuckets.representative(LatencyBuckets.of(100)), LatencyBuckets.percentile(counts, 0.5));
        assertEquals(LatencyBuckets.representative(LatencyBuckets.of(100)), LatencyBuckets.percentile(counts, 0.9));
        assertEquals(LatencyBuckets.representative(LatencyBuckets.of(5000)), LatencyBuckets.percentile(counts, 0.95));
        assertEquals(LatencyBuckets.representative(LatencyBuckets.of(5000)), LatencyBuckets.percentile(counts, 1.0));
    }
}
