package dev.cliproxy.control.domain.model;

/** The UTC hours and days usage is summed by, as epoch milliseconds of their start. */
public final class UtcPeriods {

    public static final long HOUR_MS = 3_600_000L;
    public static final long DAY_MS = 24 * HOUR_MS;

    private UtcPeriods() {
    }

    /** The start of the UTC hour an instant (epoch milliseconds) falls in. */
    public static long hourOf(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MS) * HOUR_MS;
    }

    /** The start of the UTC day an instant (epoch milliseconds) falls in. */
    public static long dayOf(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MS) * DAY_MS;
    }
}
