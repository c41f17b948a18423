package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the control settings write them: a whole number and a unit, {@code 500ms}, {@code 1s}, {@code 10m}, {@code 2h}. */
public final class SettingsDuration {

    /** The longest duration a setting may hold (a day): longer ones are typos, and their arithmetic stays small. */
    public static final Duration MAX = Duration.ofDays(1);
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private SettingsDuration() {
    }

    /** The duration {@code text} names, or empty when it is not of the form above. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }

    /** The shortest text for {@code duration} (the largest unit that divides it), which {@link #parse} reads back. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
