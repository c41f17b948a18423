package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One quota of an account (a model, a window or a category). {@code limit}, {@code used} and {@code remaining} are
 * null when the provider does not give them; when all three are present, {@code used + remaining == limit} and
 * {@code 0 <= remaining <= limit}. The last five fields are optional per-provider facts.
 */
public record QuotaEntry(String model, Long limit, Long used, Long remaining, Instant resetAt, QuotaUnit unit,
                         String window, String plan, String tier, String label, Boolean unlimited) {

    public QuotaEntry {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(unit, "unit");
        if (limit != null && remaining != null && (remaining < 0 || remaining > limit)) {
            throw new IllegalArgumentException("remaining " + remaining + " outside [0, " + limit + "]");
        }
        if (limit != null && used != null && remaining != null && used + remaining != limit) {
            throw new IllegalArgumentException("used " + used + " + remaining " + remaining + " != limit " + limit);
        }
    }

    /** A fraction-only quota: {@code remainingFraction} is clamped into [0, 1] and shown as whole percent. */
    public static QuotaEntry percent(String model, double remainingFraction, Instant resetAt) {
        double clamped = Double.isNaN(remainingFraction) ? 0 : Math.max(0, Math.min(1, remainingFraction));
        long remaining = Math.round(clamped * 100);
        return new QuotaEntry(model, 100L, 100 - remaining, remaining, resetAt, QuotaUnit.PERCENT,
                null, null, null, null, null);
    }

    /** An absolute quota: {@code used} is clamped into [0, limit] so that overage never yields a negative remainder. */
    public static QuotaEntry absolute(String model, long limit, long used, Instant resetAt, QuotaUnit unit) {
        long cap = Math.max(0, limit);
        long clampedUsed = Math.max(0, Math.min(cap, used));
        return new QuotaEntry(model, cap, clampedUsed, cap - clampedUsed, resetAt, unit,
                null, null, null, null, null);
    }

    public QuotaEntry withWindow(String newWindow) {
        return new QuotaEntry(model, limit, used, remaining, resetAt, unit, newWindow, plan, tier, label, unlimited);
    }

    public QuotaEntry withPlan(String newPlan) {
        return new QuotaEntry(model, limit, used, remaining, resetAt, unit, window, newPlan, tier, label, unlimited);
    }

    public QuotaEntry withTier(String newTier) {
        return new QuotaEntry(model, limit, used, remaining, resetAt, unit, window, plan, newTier, label, unlimited);
    }

    public QuotaEntry withLabel(String newLabel) {
        return new QuotaEntry(model, limit, used, remaining, resetAt, unit, window, plan, tier, newLabel, unlimited);
    }

    public QuotaEntry withUnlimited(Boolean newUnlimited) {
        return new QuotaEntry(model, limit, used, remaining, resetAt, unit, window, plan, tier, label, newUnlimited);
    }
}
