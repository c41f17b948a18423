package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert on its way to one webhook, as {@code GET /alerts} shows it: never the secret, and the URL without its
 * query ({@link Webhook#shownUrl()}). A failed attempt that may pass (no answer, a timeout, 5xx, 408, 429) is
 * tried again after {@link #retryDelay}, up to {@link #MAX_ATTEMPTS} attempts; any other answer is final.
 *
 * @param status the last attempt's HTTP status, when there was an answer
 * @param error  why the last attempt failed
 */
public record AlertDelivery(String id, AlertKind event, String webhook, String url, State state, int attempts,
                            Optional<Integer> status, Optional<String> error, Instant createdAt,
                            Optional<Instant> lastAttemptAt, Optional<Instant> nextAttemptAt) {

    public static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    /** Where a delivery is. */
    public enum State {
        /** Waiting for its first or next attempt. */
        PENDING,
        /** A 2xx answer came. */
        DELIVERED,
        /** Given up: a final answer, or the attempts ran out. */
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** A delivery of {@code event} to {@code webhook}, due at once. */
    public static AlertDelivery queued(String id, AlertKind event, Webhook webhook, Instant now) {
        return new AlertDelivery(id, event, webhook.name(), webhook.shownUrl(), State.PENDING, 0, Optional.empty(),
                Optional.empty(), now, Optional.empty(), Optional.of(now));
    }

    /** After an attempt at {@code now} that got {@code answer} (a status), or none ({@code failure} says why). */
    public AlertDelivery attempted(Optional<Integer> answer, Optional<String> failure, Instant now) {
        int made = attempts + 1;
        boolean delivered = answer.filter(code -> code >= 200 && code < 300).isPresent();
        Optional<String> why = delivered ? Optional.empty()
                : failure.or(() -> answer.map(code -> "the webhook answered HTTP " + code));
        boolean again = !delivered && made < MAX_ATTEMPTS && answer.map(AlertDelivery::retryable).orElse(true);
        State next = delivered ? State.DELIVERED : again ? State.PENDING : State.FAILED;
        return new AlertDelivery(id, event, webhook, url, next, made, answer, why, createdAt, Optional.of(now),
                again ? Optional.of(now.plus(retryDelay(made))) : Optional.empty());
    }

    /** Whether a delivery that got {@code status} may succeed if tried again. */
    public static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** The wait after the {@code attempts}-th failed attempt: 1 s, doubling, at most a minute. */
    public static Duration retryDelay(int attempts) {
        int doublings = Math.min(Math.max(attempts, 1) - 1, 6);
        return Duration.ofMillis(Math.min(FIRST_RETRY.toMillis() << doublings, LONGEST_RETRY.toMillis()));
    }
}
