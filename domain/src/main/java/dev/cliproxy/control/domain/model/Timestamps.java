package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the instants that token files and provider answers write in several forms. */
public final class Timestamps {

    /** Epoch values below this are seconds, above it milliseconds (1e12 ms is in 2001, 1e12 s far in the future). */
    private static final double MILLIS_THRESHOLD = 1e12;

    private Timestamps() {
    }

    /**
     * An ISO-8601 date-time with offset, a plain date (start of that day, UTC), or epoch seconds or milliseconds
     * written as digits; empty for anything else.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.matches("\\d{1,16}(\\.\\d+)?")) {
            return Optional.of(fromEpoch(Double.parseDouble(value)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notDateTime) {
            try {
                return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Epoch seconds or milliseconds, told apart by size. */
    public static Instant fromEpoch(double value) {
        return value < MILLIS_THRESHOLD ? Instant.ofEpochMilli(Math.round(value * 1000)) : Instant.ofEpochMilli(Math.round(value));
    }
}
