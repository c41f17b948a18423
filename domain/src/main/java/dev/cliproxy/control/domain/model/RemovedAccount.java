package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token file a person removed: it waits in {@code auth-removed/} (where the proxy never looks) until it is
 * restored or {@link #KEPT_FOR} has passed. Its name there says when it was removed and where from, so that the
 * directory alone is the record: {@code <removedAt ms>-<auth|paused>-<file>}, as {@link #storedName()} writes it and
 * {@link #parse} reads it, the one rule of the real store and the testkit's.
 *
 * @param token     the account as it was listed, {@code paused} telling where it came from
 * @param removedAt when it was removed
 */
public record RemovedAccount(AccountToken token, Instant removedAt) {

    /** How long a removed file is kept before it is deleted for good. */
    public static final Duration KEPT_FOR = Duration.ofDays(30);

    private static final String ACTIVE = "auth";
    private static final String PAUSED = "paused";
    private static final Pattern STORED = Pattern.compile("(\\d{1,15})-(" + ACTIVE + "|" + PAUSED + ")-(.+)");

    public RemovedAccount {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(removedAt, "removedAt");
        if (removedAt.toEpochMilli() < 0) {
            throw new IllegalArgumentException("removed before 1970");
        }
    }

    /** Where a removed file came from and when, as its stored name says. */
    public record Stored(String file, boolean paused, Instant removedAt) {
    }

    /**
     * The file's name in {@code auth-removed/}: well under the 255 bytes a name may have for any account file
     * ({@link TokenFileUpload#isAccountFileName}: an ASCII id of at most 200 characters).
     */
    public String storedName() {
        return removedAt.toEpochMilli() + "-" + (token.paused() ? PAUSED : ACTIVE) + "-" + token.file();
    }

    /** When it is deleted for good. */
    public Instant purgeAt() {
        return removedAt.plus(KEPT_FOR);
    }

    /** Whether it is due to be deleted for good at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(purgeAt());
    }

    /**
     * What a name of {@code auth-removed/} says, when it is one {@link #storedName()} wrote for an account file
     * ({@link TokenFileUpload#isAccountFileName}); empty for anything else, which is left alone.
     */
    public static Optional<Stored> parse(String storedName) {
        Matcher matcher = STORED.matcher(storedName == null ? "" : storedName);
        if (!matcher.matches() || !TokenFileUpload.isAccountFileName(matcher.group(3))) {
            return Optional.empty();
        }
        return Optional.of(new Stored(matcher.group(3), matcher.group(2).equals(PAUSED),
                Instant.ofEpochMilli(Long.parseLong(matcher.group(1)))));
    }
}
