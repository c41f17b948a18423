package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AlertDelivery;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.AlertsOverview;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.Webhook;
import dev.cliproxy.control.domain.port.WebhookPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryWebhooks;
import dev.cliproxy.control.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alerts told to listeners at once and posted to the webhooks through a bounded queue, on a test clock. */
class AlertsServiceTest {

    private static final String SECRET = "SECRET-MARKER-hook";

    private final TestClock clock = new TestClock();
    private final InMemoryWebhooks receivers = new InMemoryWebhooks();
    private final InMemoryControlSettings settings = new InMemoryControlSettings(ControlSettings.fromTree(Map.of(
            "alerts", Map.of("webhooks", Map.of(
                    "ops", Map.of("url", "https://ops.test/hook?token=abc", "secret", SECRET),
                    "chat", Map.of("url", "https://chat.test/x", "events", List.of("token-expired")))))));
    private final AlertsService service = new AlertsService(settings, receivers, clock, 4, Duration.ofMillis(10));

    @Test
    void eachAlertGoesToTheListenersAndToEveryWebhookThatWantsIt() {
        List<AccountAlert> heard = new CopyOnWriteArrayList<>();
        WatchProxyStatusUseCase.Subscription subscription = service.watch(heard::add);

        service.publish(alert(AlertKind.ACCOUNT_PAUSED));
        service.publish(alert(AlertKind.TOKEN_EXPIRED));
        service.deliverDue();

        assertEquals(List.of(AlertKind.ACCOUNT_PAUSED, AlertKind.TOKEN_EXPIRED),
                heard.stream().map(AccountAlert::kind).toList());
        assertEquals(List.of("chat TOKEN_EXPIRED", "ops ACCOUNT_PAUSED", "ops TOKEN_EXPIRED"),
                receivers.posts().stream().map(p -> p.webhook().name() + " " + p.alert().kind()).sorted().toList());
        assertEquals(AlertKind.ACCOUNT_PAUSED, receivers.posts().getFirst().alert().kind(), "in the order told");
        AlertsOverview overview = service.alerts();
        assertEquals(3, overview.deliveries().size());
        assertTrue(overview.deliveries().stream().allMatch(d -> d.state() == AlertDelivery.State.DELIVERED
                && d.attempts() == 1 && d.status().equals(Optional.of(200))));
        assertEquals(AlertKind.TOKEN_EXPIRED, overview.deliveries().getFirst().event(), "newest first");
        assertEquals("https://ops.test/hook", overview.deliveries().getLast().url(), "no query");
        assertEquals(0, overview.queued());
        assertEquals(4, overview.capacity());
        assertFalse(overview.toString().contains(SECRET), overview.toString());

        subscription.close();
        service.publish(alert(AlertKind.ACCOUNT_PAUSED));
        assertEquals(2, heard.size());
    }

    @Test
    void aFailingReceiverGetsTheDeliveryAgainAfterOneThenTwoSecondsOnceItAnswers() {
        receivers.failNext(1, OptionalInt.of(500));
        receivers.failNext(1, OptionalInt.empty());
        service.publish(alert(AlertKind.ACCOUNT_PAUSED));

        service.deliverDue();
        assertEquals(1, receivers.posts().size());
        clock.advance(Duration.ofMillis(999));
        service.deliverDue();
        assertEquals(1, receivers.posts().size(), "not before the delay");
        clock.advance(Duration.ofMillis(1));
        service.deliverDue();
        assertEquals(2, receivers.posts().size());
        AlertDelivery retrying = service.alerts().deliveries().getFirst();
        assertEquals(AlertDelivery.State.PENDING, retrying.state());
        assertEquals(Optional.of("ops.test could not be reached"), retrying.error());
        assertEquals(Optional.of(clock.instant().plusSeconds(2)), retrying.nextAttemptAt());
        assertEquals(1, service.alerts().queued());

        clock.advance(Duration.ofSeconds(2));
        service.deliverDue();
        service.deliverDue();

        assertEquals(3, receivers.posts().size());
        assertEquals(1, receivers.delivered().size());
        assertEquals(1, receivers.posts().stream().map(InMemoryWebhooks.Post::deliveryId).distinct().count(),
                "one delivery id for every attempt");
        AlertDelivery done = service.alerts().deliveries().getFirst();
        assertEquals(AlertDelivery.State.DELIVERED, done.state());
        assertEquals(3, done.attempts());
        assertEquals(0, service.alerts().queued());
    }

    @Test
    void aFinalAnswerOrFiveFailedAttemptsEndTheDelivery() {
        receivers.failNext(1, OptionalInt.of(404));
        service.publish(alert(AlertKind.ACCOUNT_PAUSED));
        service.deliverDue();
        assertEquals(AlertDelivery.State.FAILED, service.alerts().deliveries().getFirst().state());

        receivers.failNext(10, OptionalInt.of(503));
        service.publish(alert(AlertKind.ACCOUNT_PAUSED));
        for (int i = 0; i < 10; i++) {
            service.deliverDue();
            clock.advance(Duration.ofMinutes(1));
        }
        AlertDelivery last = service.alerts().deliveries().getFirst();
        assertEquals(AlertDelivery.State.FAILED, last.state());
        assertEquals(5, last.attempts());
        assertEquals(Optional.of(503), last.status());
        assertEquals(6, receivers.posts().size());
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFitAndPublishingNeverWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        WebhookPort stuck = (webhook, alert, id, at) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add(id);
            return 200;
        };
        AlertsService bounded = new AlertsService(settings, stuck, clock, 2, Duration.ofMillis(10));
        bounded.start();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 5; i++) {
                    bounded.publish(alert(AlertKind.ACCOUNT_PAUSED));
                }
            });
            AlertsOverview overview = bounded.alerts();
            assertEquals(2, overview.queued());
            assertEquals(3, overview.dropped());
            release.countDown();
            Await.until(() -> sent.size() == 2, "the queued deliveries");
            Await.until(() -> bounded.alerts().queued() == 0, "an empty queue");
        } finally {
            release.countDown();
            bounded.close();
        }
    }

    @Test
    void anAlertIsSentAsItComesNotAtTheNextTickAndTheQueueHoldsAtLeastOne() {
        AlertsService slowTicks = new AlertsService(settings, receivers, clock, 1, Duration.ofSeconds(60));
        slowTicks.start();
        try {
            slowTicks.publish(alert(AlertKind.ACCOUNT_PAUSED));
            Await.until(() -> receivers.delivered().size() == 1, Duration.ofSeconds(20), "a delivery at once");
        } finally {
            slowTicks.close();
        }
        assertThrows(IllegalArgumentException.class,
                () -> new AlertsService(settings, receivers, clock, 0, Duration.ofSeconds(1)));
    }

    @Test
    void theLastFiftyDeliveriesAreKept() {
        for (int i = 0; i < 60; i++) {
            service.publish(alert(AlertKind.ACCOUNT_PAUSED));
            service.deliverDue();
        }
        List<AlertDelivery> kept = service.alerts().deliveries();
        assertEquals(AlertsService.KEPT, kept.size());
        assertEquals(receivers.posts().getLast().deliveryId(), kept.getFirst().id());
        assertEquals(receivers.posts().get(10).deliveryId(), kept.getLast().id());
    }

    @Test
    void aBrokenSettingsFileKeepsTheLastGoodWebhooksAndAListenerThatFailsIsDropped() {
        service.alerts();
        settings.corrupt();
        service.watch(alert -> {
            throw new IllegalStateException("gone");
        });
        List<AccountAlert> heard = new CopyOnWriteArrayList<>();
        service.watch(heard::add);

        service.publish(alert(AlertKind.TOKEN_EXPIRED));
        service.publish(alert(AlertKind.TOKEN_EXPIRED));
        service.deliverDue();

        assertEquals(4, receivers.posts().size());
        assertEquals(2, heard.size());
        assertEquals(2, service.alerts().webhooks().size());
    }

    @Test
    void theSenderPostsAsAlertsComeAndRetriesAsTheClockMovesUntilClosed() {
        receivers.failNext(1, OptionalInt.of(500));
        service.start();
        service.start();
        try {
            service.publish(alert(AlertKind.ACCOUNT_PAUSED));
            Await.until(() -> receivers.posts().size() == 1, "the first attempt");
            clock.advance(Duration.ofSeconds(1));
            Await.until(() -> receivers.delivered().size() == 1, "the second attempt");
        } finally {
            service.close();
        }
        service.publish(alert(AlertKind.ACCOUNT_PAUSED));
        service.deliverDue();
        assertEquals(2, receivers.posts().size(), "closed: nothing more is sent");
    }

    private AccountAlert alert(AlertKind kind) {
        AccountToken token = new AccountToken("codex", "codex-a", "codex-a.json", Optional.empty(), false,
                Optional.of(Instant.EPOCH), Instant.EPOCH);
        return switch (kind) {
            case ACCOUNT_RESUMED -> AccountAlert.resumed(token, PauseReason.MANUAL, clock.instant());
            case TOKEN_EXPIRED, TOKEN_EXPIRING -> AccountAlert.token(kind, token, clock.instant());
            case QUOTA_LOW -> AccountAlert.quotaLow(token, List.of(), clock.instant());
            case ACCOUNT_PAUSED -> new AccountAlert(kind, clock.instant(), "codex", "codex-a", "codex-a.json",
                    Optional.of(PauseReason.MANUAL), Optional.empty(), Optional.empty(), List.of());
        };
    }

    @Test
    void webhooksAreShownWithoutTheirSecrets() {
        List<Webhook> hooks = service.alerts().webhooks();
        assertEquals(2, hooks.size());
        assertFalse(hooks.toString().contains(SECRET), hooks.toString());
    }
}
