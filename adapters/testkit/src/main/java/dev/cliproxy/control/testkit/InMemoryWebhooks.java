package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.Webhook;
import dev.cliproxy.control.domain.port.WebhookPort;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * Webhook receivers in memory: every attempt is recorded, and answered 200 unless a test scripted failures first
 * ({@link #failNext}: an HTTP status, or no answer at all as an unreachable host gives).
 */
public final class InMemoryWebhooks implements WebhookPort {

    /** One attempt as the receiver saw it. */
    public record Post(Webhook webhook, AccountAlert alert, String deliveryId, Instant sentAt, OptionalInt answered) {
    }

    private final List<Post> posts = new ArrayList<>();
    /** The answers to give next, in order: a status, or empty for no answer. */
    private final Deque<OptionalInt> script = new ArrayDeque<>();

    /** The next {@code times} attempts get {@code status} (empty: no answer, the host is unreachable). */
    public synchronized void failNext(int times, OptionalInt status) {
        for (int i = 0; i < times; i++) {
            script.addLast(status);
        }
    }

    /** Every attempt so far, oldest first. */
    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The attempts that were answered 2xx: what the receivers accepted. */
    public synchronized List<Post> delivered() {
        return posts.stream().filter(p -> p.answered().isPresent() && p.answered().getAsInt() / 100 == 2).toList();
    }

    @Override
    public synchronized int post(Webhook webhook, AccountAlert alert, String deliveryId, Instant sentAt) {
        OptionalInt answer = script.isEmpty() ? OptionalInt.of(200) : script.removeFirst();
        posts.add(new Post(webhook, alert, deliveryId, sentAt, answer));
        if (answer.isEmpty()) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, webhook.url().getHost()
                    + " could not be reached");
        }
        return answer.getAsInt();
    }
}
