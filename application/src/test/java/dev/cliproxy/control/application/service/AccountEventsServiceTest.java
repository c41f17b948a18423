package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.AccountEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountEventsServiceTest {

    private static final AccountEvent STARTED = AccountEvent.started("codex", "st-1", Instant.EPOCH);

    @Test
    void eachListenerHearsUntilItLeavesAndOneThatThrowsIsDropped() {
        AccountEventsService events = new AccountEventsService();
        List<AccountEvent> heard = new ArrayList<>();
        List<AccountEvent> left = new ArrayList<>();
        int[] throwing = {0};
        events.watch(event -> {
            throwing[0]++;
            throw new IllegalStateException("gone");
        });
        events.watch(heard::add);
        WatchProxyStatusUseCase.Subscription leaving = events.watch(left::add);

        events.publish(STARTED);
        leaving.close();
        events.publish(STARTED);

        assertEquals(List.of(STARTED, STARTED), heard);
        assertEquals(List.of(STARTED), left);
        assertEquals(1, throwing[0], "dropped after it threw");
    }
}
