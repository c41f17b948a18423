package dev.cliproxy.control.domain.model;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CLIProxyAPI release number {@code X.Y.Z} or {@code X.Y.Z-N} (the Plus builds add {@code -N}), ordered
 * numerically part by part; a missing {@code -N} counts as {@code 0}, so {@code 6.9.6} and {@code 6.9.6-0} are equal.
 */
public record ProxyVersion(long major, long minor, long patch, long build) implements Comparable<ProxyVersion> {

    /** Release tags as published, with an optional leading {@code v}; stray tags such as {@code v0.1.0-rc} do not match. */
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,18})\\.(\\d{1,18})\\.(\\d{1,18})(?:-(\\d{1,18}))?");

    private static final Comparator<ProxyVersion> ORDER = Comparator.comparingLong(ProxyVersion::major)
            .thenComparingLong(ProxyVersion::minor)
            .thenComparingLong(ProxyVersion::patch)
            .thenComparingLong(ProxyVersion::build);

    /**
     * The releases the {@code ccs} tools will not install without confirmation ({@code CLIPROXY_FAULTY_RANGE} of
     * {@code @kaitranntt/ccs}): 6.6.81 to 6.6.88, whose context-cancellation bug gives intermittent 500 errors.
     */
    public static final ProxyVersion FAULTY_FIRST = new ProxyVersion(6, 6, 81, 0);
    /** The last release of {@link #FAULTY_FIRST}'s range. */
    public static final ProxyVersion FAULTY_LAST = new ProxyVersion(6, 6, 88, 0);

    public ProxyVersion {
        if (major < 0 || minor < 0 || patch < 0 || build < 0) {
            throw new IllegalArgumentException("version parts must not be negative");
        }
    }

    /** The version a tag or version text names; empty for anything else (including surrounding junk). */
    public static Optional<ProxyVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ProxyVersion(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                Long.parseLong(matcher.group(3)), matcher.group(4) == null ? 0 : Long.parseLong(matcher.group(4))));
    }

    /** {@code text} without surrounding blanks and without a leading {@code v}: how versions are shown and stored. */
    public static String displayText(String text) {
        String stripped = text.strip();
        return stripped.startsWith("v") ? stripped.substring(1) : stripped;
    }

    /** Whether this release is one with known bugs; as in {@code ccs}, a Plus build's {@code -N} is ignored. */
    public boolean isKnownFaulty() {
        ProxyVersion release = new ProxyVersion(major, minor, patch, 0);
        return release.compareTo(FAULTY_FIRST) >= 0 && release.compareTo(FAULTY_LAST) <= 0;
    }

    public boolean isNewerThan(ProxyVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(ProxyVersion other) {
        return ORDER.compare(this, other);
    }
}
