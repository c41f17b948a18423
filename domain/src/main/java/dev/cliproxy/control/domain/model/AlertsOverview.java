package dev.cliproxy.control.domain.model;

import java.util.List;

/**
 * {@code GET /alerts}: the webhooks alerts go to (never their secrets) and the last deliveries, newest first; how
 * many wait in the queue, its capacity, and how many alerts did not fit in it since the program started.
 */
public record AlertsOverview(List<Webhook> webhooks, List<AlertDelivery> deliveries, int queued, int capacity,
                             long dropped) {

    public AlertsOverview {
        webhooks = List.copyOf(webhooks);
        deliveries = List.copyOf(deliveries);
    }
}
