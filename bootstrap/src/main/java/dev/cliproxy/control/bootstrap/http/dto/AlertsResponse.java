package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.AlertDelivery;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.AlertsOverview;
import dev.cliproxy.control.domain.model.Webhook;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /alerts}: {@code {"webhooks":[{"name","url","events","signed"}],"deliveries":[..],"queued","capacity",
 * "dropped"}}. URLs without their query, never a secret.
 */
public record AlertsResponse(List<WebhookEntry> webhooks, List<Delivery> deliveries, int queued, int capacity,
                             long dropped) {

    /** One webhook of the settings: whether its deliveries are signed, not with what. */
    public record WebhookEntry(String name, String url, List<String> events, boolean signed) {

        static WebhookEntry from(Webhook webhook) {
            return new WebhookEntry(webhook.name(), webhook.shownUrl(),
                    webhook.events().stream().map(AlertKind::id).toList(), webhook.secret().isPresent());
        }
    }

    /** One delivery: {@code state} is {@code pending}, {@code delivered} or {@code failed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String id, String event, String webhook, String url, String state, int attempts,
                           Integer status, String error, long createdAt, Long lastAttemptAt, Long nextAttemptAt) {

        static Delivery from(AlertDelivery d) {
            return new Delivery(d.id(), d.event().id(), d.webhook(), d.url(), d.state().id(), d.attempts(),
                    d.status().orElse(null), d.error().orElse(null), d.createdAt().toEpochMilli(),
                    d.lastAttemptAt().map(Instant::toEpochMilli).orElse(null),
                    d.nextAttemptAt().map(Instant::toEpochMilli).orElse(null));
        }
    }

    public static AlertsResponse from(AlertsOverview overview) {
        return new AlertsResponse(overview.webhooks().stream().map(WebhookEntry::from).toList(),
                overview.deliveries().stream().map(Delivery::from).toList(), overview.queued(), overview.capacity(),
                overview.dropped());
    }
}
