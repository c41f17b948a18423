package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.Webhook;
import java.time.Instant;

/** Posts one alert to one webhook: a JSON body, signed with the webhook's secret when it has one. */
public interface WebhookPort {

    /**
     * One attempt: posts {@code alert} to {@code webhook}'s URL, with {@code deliveryId} (the same for every attempt
     * of a delivery, so that a receiver can drop a repeat) and {@code sentAt} (part of what is signed). Returns the
     * answer's HTTP status; throws {@code UpstreamFailureException} or {@code UpstreamTimeoutException} when no
     * answer came, with a message that holds neither the secret nor the URL's query.
     */
    int post(Webhook webhook, AccountAlert alert, String deliveryId, Instant sentAt);
}
