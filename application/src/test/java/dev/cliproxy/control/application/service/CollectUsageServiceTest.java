package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageCollectorStatus.State;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageSettings;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryUsageFeed;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import dev.cliproxy.control.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CollectUsageServiceTest {

    private final TestClock clock = new TestClock();
    private final InMemoryUsageStore store = new InMemoryUsageStore();
    private final InMemoryUsageFeed feed = new InMemoryUsageFeed();
    private final InMemoryProxySettings proxy = new InMemoryProxySettings().managementSecret("ccs");
    private final InMemoryControlSettings settings = new InMemoryControlSettings();

    private CollectUsageService collector(boolean forced) {
        return new CollectUsageService(store, feed, proxy, settings, forced, "cliproxy-control on test, pid 1",
                clock);
    }

    private static List<UsageRecord> records(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> new UsageRecord("r" + i, UsageRecord.LOCAL,
                TestClock.EPOCH.plusSeconds(i), "gemini", "gemini-2.5-pro", "", "", "", "a@example.com", "",
                ApiKeyIdentity.NONE, 100, 10, new UsageTokens(10, 1, 0, 0, 11), false, 200)).toList();
    }

    @Test
    void offByDefaultItTakesNothing() {
        feed.serve(records(0, 5));
        CollectUsageService collector = collector(false);
        collector.turn();
        assertEquals(0, feed.calls());
        UsageCollectorStatus status = collector.status();
        assertFalse(status.enabled());
        assertEquals(State.OFF, status.state());
        assertEquals("memory", status.store());
    }

    @Test
    void theSettingsTurnItOn() {
        settings.put(ControlSettings.DEFAULTS.withUsage(new UsageSettings(true, Duration.ofSeconds(1), 30)));
        feed.serve(records(0, 5));
        CollectUsageService collector = collector(false);
        collector.turn();
        assertEquals(5, store.all().size());
        assertTrue(collector.status().enabled());
    }

    @Test
    void everyBatchIsCommittedBeforeTheNextPopAndMarked() {
        feed.serve(records(0, CollectUsageService.BATCH * 2 + 7));
        CollectUsageService collector = collector(true);
        List<Integer> seen = new ArrayList<>();
        collector.subscribe(stored -> seen.add(stored.size()));
        collector.turn();
        assertEquals(CollectUsageService.BATCH * 2 + 7, store.all().size());
        assertEquals(3, store.commits(), "one commit per pop");
        assertEquals(List.of(CollectUsageService.BATCH, CollectUsageService.BATCH, 7), seen);
        UsageCollectorStatus status = collector.status();
        assertEquals(State.COLLECTING, status.state());
        assertEquals(Optional.of(UsageFeedKind.QUEUE), status.feed());
        assertEquals(Optional.of("v6.10.8"), status.proxyVersion());
        assertEquals(CollectUsageService.BATCH * 2L + 7, status.collected());
        assertEquals("cliproxy-control on test, pid 1", status.lastDrain().orElseThrow().by());
        assertEquals(7, status.lastDrain().orElseThrow().records());
        assertEquals(TestClock.EPOCH, status.lastDrain().orElseThrow().at());
        assertEquals(Optional.empty(), status.lastError());
    }

    @Test
    void anEmptyQueueLeavesNoMark() {
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().state());
        assertEquals(Optional.empty(), collector.status().lastDrain());
    }

    @Test
    void aBatchWhoseCommitFailedIsCommittedBeforeAnythingIsPoppedAgain() {
        feed.serve(records(0, 10));
        store.failNextStores(1);
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.FAILING, collector.status().state());
        assertTrue(collector.status().lastError().orElseThrow().contains("kept to try again"));
        assertEquals(0, store.all().size());
        feed.serve(records(10, 5));
        int callsBefore = feed.calls();
        store.failNextStores(1);
        collector.turn();
        assertEquals(callsBefore, feed.calls(), "no pop while a batch waits for its commit");
        collector.turn();
        assertEquals(15, store.all().size());
        assertEquals(15, feed.handedOut());
        assertEquals(State.COLLECTING, collector.status().state());
    }

    @Test
    void aFullBatchWhoseCommitFailedStopsThePopsOfItsTurn() {
        feed.serve(records(0, CollectUsageService.BATCH * 2));
        store.failNextStores(1);
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(CollectUsageService.BATCH, feed.handedOut(), "nothing popped while a batch waits");
        collector.turn();
        assertEquals(CollectUsageService.BATCH * 2, store.all().size());
    }

    @Test
    void aProxyThatChangesUnderTheCollectorIsProbedAgain() {
        feed.serve(records(0, 3));
        CollectUsageService collector = collector(true);
        collector.turn();
        feed.version(Optional.of("v6.10.9")).serve(records(3, 1));
        collector.turn();
        assertEquals(Optional.of("v6.10.9"), collector.status().proxyVersion(), "read from every answer");

        feed.version(Optional.of("v6.9.45"));
        collector.turn();
        assertEquals(State.UNSUPPORTED, collector.status().state(), "the queue answers 404 now");
        assertEquals(Optional.of("v6.9.45"), collector.status().proxyVersion());
        assertEquals(Optional.empty(), collector.status().feed());

        feed.version(Optional.of("v6.10.8"));
        clock.advance(CollectUsageService.RARE_RETRY);
        collector.turn();
        assertEquals(Optional.of(UsageFeedKind.QUEUE), collector.status().feed());
        feed.down();
        collector.turn();
        assertEquals(State.WAITING_FOR_PROXY, collector.status().state());
        assertEquals(Optional.empty(), collector.status().feed(), "probed again when it comes back");
        assertEquals(4, store.all().size());
    }

    @Test
    void aSubscriptionEnds() {
        CollectUsageService collector = collector(true);
        List<Integer> seen = new ArrayList<>();
        Runnable end = collector.subscribe(stored -> seen.add(stored.size()));
        feed.serve(records(0, 2));
        collector.turn();
        end.run();
        feed.serve(records(2, 2));
        collector.turn();
        assertEquals(List.of(2), seen);
        assertEquals(4, store.all().size());
    }

    @Test
    void recordsAlreadyStoredAreNotCountedAgain() {
        store.store(records(0, 3), Optional.empty());
        feed.serve(records(0, 5));
        List<Integer> seen = new ArrayList<>();
        CollectUsageService collector = collector(true);
        collector.subscribe(stored -> seen.add(stored.size()));
        collector.turn();
        assertEquals(5, store.all().size());
        assertEquals(2, collector.status().collected());
        assertEquals(List.of(2), seen);
    }

    @Test
    void anOldProxysHistoryIsReadAgainAndAddsOnlyWhatIsNew() {
        feed.version(Optional.of("v6.9.45")).serve(records(0, 4));
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(Optional.of(UsageFeedKind.LEGACY), collector.status().feed());
        feed.serve(records(4, 2));
        clock.advance(Duration.ofSeconds(5));
        collector.turn();
        assertEquals(6, store.all().size());
        assertEquals(6, collector.status().collected());
    }

    @Test
    void aVersionWithoutAFeedIsAskedAgainOnlyRarely() {
        feed.version(Optional.of("v6.10.3"));
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.UNSUPPORTED, collector.status().state());
        assertTrue(collector.status().lastError().orElseThrow().contains("v6.10.8"));
        int calls = feed.calls();
        clock.advance(CollectUsageService.RARE_RETRY.minusSeconds(1));
        collector.turn();
        assertEquals(calls, feed.calls());
        clock.advance(Duration.ofSeconds(1));
        feed.version(Optional.of("v6.10.8")).serve(records(0, 1));
        collector.turn();
        assertEquals(1, store.all().size());
    }

    @Test
    void a404IsNeverAskedAgainAndAgain() {
        feed.managementOff(true);
        CollectUsageService collector = collector(true);
        for (int i = 0; i < 20; i++) {
            collector.turn();
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(1, feed.calls());
        assertEquals(State.UNSUPPORTED, collector.status().state());
    }

    @Test
    void aRefusedSecretIsTriedAgainRarelyOrWhenItChanges() {
        feed.secret("right");
        proxy.managementSecret("wrong");
        CollectUsageService collector = collector(true);
        for (int i = 0; i < 20; i++) {
            collector.turn();
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(1, feed.calls(), "the proxy bans an address after a few refusals");
        assertEquals(State.UNAUTHORIZED, collector.status().state());
        assertFalse(collector.status().lastError().orElseThrow().contains("wrong"), "no secret in the status");
        proxy.managementSecret("right");
        feed.serve(records(0, 2));
        collector.turn();
        assertEquals(2, store.all().size());
        assertEquals(State.COLLECTING, collector.status().state());
    }

    @Test
    void withoutASecretNothingIsAsked() {
        CollectUsageService collector = new CollectUsageService(store, feed, new InMemoryProxySettings(), settings,
                true, "me", clock);
        collector.turn();
        assertEquals(0, feed.calls());
        assertEquals(State.UNAUTHORIZED, collector.status().state());
    }

    @Test
    void aProxyThatRecordsNothingIsProbedAgainAfterAMinute() {
        feed.statisticsEnabled(false);
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.STATISTICS_DISABLED, collector.status().state());
        int calls = feed.calls();
        clock.advance(Duration.ofSeconds(59));
        collector.turn();
        assertEquals(calls, feed.calls());
        clock.advance(Duration.ofSeconds(1));
        feed.statisticsEnabled(true);
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().state());
    }

    @Test
    void aProxyThatIsDownIsWaitedForAndProbedAgainWhenBack() {
        feed.down();
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.WAITING_FOR_PROXY, collector.status().state());
        feed.up().version(Optional.of("v6.9.45")).serve(records(0, 3));
        collector.turn();
        assertEquals(Optional.of(UsageFeedKind.LEGACY), collector.status().feed());
        assertEquals(3, store.all().size());
        feed.down();
        collector.turn();
        assertEquals(Optional.empty(), collector.status().feed(), "probed again when it comes back");
    }

    @Test
    void oldRecordsArePrunedHourlyWhetherCollectingOrNot() {
        store.store(records(0, 3), Optional.empty());
        settings.put(ControlSettings.DEFAULTS.withUsage(new UsageSettings(false, Duration.ofSeconds(5), 1)));
        clock.advance(Duration.ofDays(2).plusHours(2));
        CollectUsageService collector = collector(false);
        collector.turn();
        assertEquals(0, store.all().size());
        store.store(records(0, 1), Optional.empty());
        clock.advance(Duration.ofMinutes(59));
        collector.turn();
        assertEquals(1, store.all().size(), "at most once an hour");
        clock.advance(Duration.ofMinutes(1));
        collector.turn();
        assertEquals(0, store.all().size());
    }

    @Test
    void theHistoryServiceAnswersFromTheStore() {
        store.store(records(0, 4), Optional.empty());
        UsageHistoryService history = new UsageHistoryService(store);
        Instant to = TestClock.EPOCH.plusSeconds(3);
        assertEquals(3, history.report(new UsageQuery(TestClock.EPOCH, to, List.of())).totals().requests());
        assertEquals(2, history.page(new UsagePageQuery(TestClock.EPOCH, to, Optional.empty(), 2)).records().size());
        List<String> exported = new ArrayList<>();
        history.export(TestClock.EPOCH, to, r -> exported.add(r.requestId()));
        assertEquals(List.of("r0", "r1", "r2"), exported);
        org.junit.jupiter.api.Assertions.assertThrows(dev.cliproxy.control.domain.error.InvalidInputException.class,
                () -> history.export(to, TestClock.EPOCH, r -> exported.add(r.requestId())));
    }

    @Test
    void aRunningCollectorDrainsEveryIntervalUntilClosed() throws InterruptedException {
        settings.put(ControlSettings.DEFAULTS.withUsage(new UsageSettings(true, Duration.ofMillis(100), 30)));
        feed.serve(records(0, 3));
        CollectUsageService collector = new CollectUsageService(store, feed, proxy, settings, false, "me",
                java.time.Clock.systemUTC());
        collector.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (store.all().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            feed.serve(records(3, 2));
            while (store.all().size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            collector.close();
        }
        assertEquals(5, store.all().size());
        int calls = feed.calls();
        Thread.sleep(300);
        assertEquals(calls, feed.calls(), "closed: no more turns");
    }
}
