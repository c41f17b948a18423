package dev.cliproxy.control.domain.model;

/**
 * Latencies counted in buckets, so that percentiles can be added up across hours and stores without keeping every
 * latency: exact below 8 ms, then four buckets per doubling (each at most a quarter of its lower bound wide, so a
 * percentile read as a bucket's middle is within 12.5% of the true value), up to the last bucket, which takes
 * everything from {@link #MAX_EXACT_MS} on.
 */
public final class LatencyBuckets {

    /** How many buckets there are; bucket indices run from 0 to {@code COUNT - 1}. */
    public static final int COUNT = 80;
    private static final int EXACT = 8;
    /** The lower bound of the last bucket: about 35 minutes, longer than any request the proxy lets run. */
    public static final long MAX_EXACT_MS = lowerBound(COUNT - 1);

    private LatencyBuckets() {
    }

    /** The bucket of a latency in milliseconds; negative latencies count as 0. */
    public static int of(long millis) {
        if (millis < EXACT) {
            return (int) Math.max(0, millis);
        }
        int octave = 63 - Long.numberOfLeadingZeros(millis);
        int sub = (int) (millis >>> (octave - 2)) & 3;
        return Math.min(COUNT - 1, EXACT + (octave - 3) * 4 + sub);
    }

    /** The smallest latency of a bucket. */
    public static long lowerBound(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int octave = (bucket - EXACT) / 4 + 3;
        int sub = (bucket - EXACT) % 4;
        return (long) (4 + sub) << (octave - 2);
    }

    /** The value a bucket stands for: its middle (itself below 8 ms). */
    public static long representative(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int octave = (bucket - EXACT) / 4 + 3;
        return lowerBound(bucket) + (1L << (octave - 3));
    }

    /**
     * The {@code fraction} percentile (0.5 for the median) of the latencies counted in {@code counts} (one count per
     * bucket): the representative of the bucket holding the ceil(fraction × n)-th smallest latency; 0 when nothing
     * was counted.
     */
    public static long percentile(long[] counts, double fraction) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        int bucket = 0;
        long seen = counts[0];
        while (seen < rank && bucket < counts.length - 1) {
            bucket++;
            seen += counts[bucket];
        }
        return representative(bucket);
    }
}
