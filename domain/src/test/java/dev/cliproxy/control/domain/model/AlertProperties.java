package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Alerts told once per change, and webhook deliveries tried again as long as it may help. */
class AlertProperties {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Webhook HOOK = new Webhook("ops", URI.create("https://h.test/x?token=t"),
            Set.of(AlertKind.ACCOUNT_PAUSED), Optional.of("s"));

    @Property
    void aTokenIsToldOncePerChangeOfItsState(@ForAll @Size(max = 30) List<TokenState> looks) {
        AccountNotes notes = AccountNotes.NONE;
        List<AlertKind> told = new ArrayList<>();
        List<AlertKind> expected = new ArrayList<>();
        TokenState previous = TokenState.VALID;
        for (TokenState state : looks) {
            notes.tokenAlert(state).ifPresent(told::add);
            notes = notes.withToken(state);
            if (state != previous && (state == TokenState.EXPIRING || state == TokenState.EXPIRED)) {
                expected.add(state == TokenState.EXPIRING ? AlertKind.TOKEN_EXPIRING : AlertKind.TOKEN_EXPIRED);
            }
            previous = state;
        }
        assertEquals(expected, told);
    }

    @Property
    void aLowQuotaIsToldOncePerCrossing(@ForAll @Size(max = 30) List<Boolean> lows) {
        AccountNotes notes = AccountNotes.NONE;
        int told = 0;
        int crossings = 0;
        boolean before = false;
        for (boolean low : lows) {
            told += notes.lowAlert(low) ? 1 : 0;
            notes = notes.withLow(low);
            crossings += low && !before ? 1 : 0;
            before = low;
        }
        assertEquals(crossings, told);
    }

    @Example
    void notesKeepTheirHoldAcrossTellingAndOnlyStatesWorthTellingAreKept() {
        ManualHold hold = new ManualHold(T0, Optional.of(T0.plusSeconds(60)));
        AccountNotes notes = AccountNotes.NONE.withHold(Optional.of(hold)).withToken(TokenState.EXPIRED).withLow(true);
        assertEquals(new AccountNotes(Optional.of(hold), Optional.of(TokenState.EXPIRED), true), notes);
        assertEquals(Optional.empty(), notes.withToken(TokenState.UNKNOWN).toldToken());
        assertThrows(IllegalArgumentException.class,
                () -> new AccountNotes(Optional.empty(), Optional.of(TokenState.VALID), false));
        assertTrue(hold.holdsAt(T0.plusSeconds(59)));
        assertFalse(hold.holdsAt(T0.plusSeconds(60)));
        assertTrue(new ManualHold(T0, Optional.empty()).holdsAt(T0.plus(Duration.ofDays(999))));
    }

    @Property
    void aDeliveryIsTriedAgainOnlyWhileItMayHelpAndAtMostFiveTimes(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 599) Integer> answers) {
        AlertDelivery delivery = AlertDelivery.queued("d1", AlertKind.ACCOUNT_PAUSED, HOOK, T0);
        Instant now = T0;
        for (int answer : answers) {
            if (delivery.state() != AlertDelivery.State.PENDING) {
                break;
            }
            now = delivery.nextAttemptAt().orElseThrow();
            Optional<Integer> status = answer < 100 ? Optional.empty() : Optional.of(answer);
            AlertDelivery after = delivery.attempted(status, status.isEmpty() ? Optional.of("unreachable")
                    : Optional.empty(), now);
            assertEquals(delivery.attempts() + 1, after.attempts());
            assertEquals(Optional.of(now), after.lastAttemptAt());
            assertEquals(status, after.status());
            boolean ok = status.filter(s -> s >= 200 && s < 300).isPresent();
            boolean mayPass = status.map(AlertDelivery::retryable).orElse(true);
            AlertDelivery.State expected = ok ? AlertDelivery.State.DELIVERED
                    : mayPass && after.attempts() < AlertDelivery.MAX_ATTEMPTS ? AlertDelivery.State.PENDING
                    : AlertDelivery.State.FAILED;
            assertEquals(expected, after.state());
            assertEquals(ok, after.error().isEmpty());
            assertEquals(expected == AlertDelivery.State.PENDING
                    ? Optional.of(now.plus(AlertDelivery.retryDelay(after.attempts()))) : Optional.empty(),
                    after.nextAttemptAt());
            delivery = after;
        }
        assertTrue(delivery.attempts() <= AlertDelivery.MAX_ATTEMPTS);
    }

    @Example
    void retriesWaitOneTwoFourEightSecondsAndNeverMoreThanAMinute() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), List.of(1, 2, 3, 4, 5, 6, 7, 8).stream()
                .map(n -> AlertDelivery.retryDelay(n).toSeconds()).toList());
        assertTrue(AlertDelivery.retryable(500));
        assertTrue(AlertDelivery.retryable(408));
        assertTrue(AlertDelivery.retryable(429));
        assertFalse(AlertDelivery.retryable(499));
        assertFalse(AlertDelivery.retryable(404));
        AlertDelivery queued = AlertDelivery.queued("d1", AlertKind.ACCOUNT_PAUSED, HOOK, T0);
        assertEquals("https://h.test/x", queued.url());
        assertEquals("ops", queued.webhook());
        assertEquals(Optional.of(T0), queued.nextAttemptAt());
        assertEquals(Optional.of("the webhook answered HTTP 500"),
                queued.attempted(Optional.of(500), Optional.empty(), T0).error());
        assertEquals(AlertDelivery.State.DELIVERED, queued.attempted(Optional.of(299), Optional.empty(), T0).state());
        assertEquals(AlertDelivery.State.DELIVERED, queued.attempted(Optional.of(200), Optional.empty(), T0).state());
        assertEquals(List.of("pending", "delivered", "failed"), List.of(AlertDelivery.State.values()).stream()
                .map(AlertDelivery.State::id).toList());
        assertEquals("Webhook[ops https://h.test/x [ACCOUNT_PAUSED] signed]", HOOK.toString());
        assertEquals("Webhook[ops https://h.test/x [ACCOUNT_PAUSED]]", new Webhook("ops", HOOK.url(), HOOK.events(),
                Optional.empty()).toString());
        assertEquals(AlertDelivery.State.FAILED, queued.attempted(Optional.of(300), Optional.empty(), T0).state());
        assertEquals(AlertDelivery.State.FAILED, queued.attempted(Optional.of(199), Optional.empty(), T0).state());
    }

    @Example
    void alertsTellNamesAndTimesOfTheAccountAndTheirKindsHaveEventNames() {
        AccountToken token = new AccountToken("codex", "codex-a", "codex-a.json", Optional.of("a@x.y"), false,
                Optional.of(T0), T0);
        AccountPause pause = new AccountPause(PauseReason.QUOTA, T0, Optional.of(T0.plusSeconds(5)));
        List<QuotaEntry> low = List.of(QuotaEntry.percent("codex", 0, T0.plusSeconds(5)));
        assertEquals(new AccountAlert(AlertKind.ACCOUNT_PAUSED, T0, "codex", "codex-a", "codex-a.json",
                Optional.of(PauseReason.QUOTA), pause.resumeAt(), Optional.empty(), low),
                AccountAlert.paused(token, pause, low, T0));
        assertEquals(Optional.of(PauseReason.MANUAL), AccountAlert.resumed(token, PauseReason.MANUAL, T0).reason());
        assertEquals(Optional.of(T0), AccountAlert.token(AlertKind.TOKEN_EXPIRED, token, T0).expiresAt());
        assertThrows(IllegalArgumentException.class, () -> AccountAlert.token(AlertKind.QUOTA_LOW, token, T0));
        assertEquals(low, AccountAlert.quotaLow(token, low, T0).quotas());
        assertEquals(List.of("quota-low", "account-paused", "account-resumed", "token-expiring", "token-expired"),
                List.of(AlertKind.values()).stream().map(AlertKind::id).toList());
        for (AlertKind kind : AlertKind.values()) {
            assertEquals(Optional.of(kind), AlertKind.fromId(kind.id()));
        }
        assertEquals(Optional.empty(), AlertKind.fromId("crashed"));
        assertEquals(Optional.of(TokenState.EXPIRING), TokenState.fromId("expiring"));
        assertEquals(Optional.empty(), TokenState.fromId("soon"));
    }
}
