package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageCollectorStatus.State;
import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageSettings;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryUsageFeed;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import dev.cliproxy.control.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CollectUsageServiceTest {

    private final TestClock clock = new TestClock();
    private final InMemoryUsageStore store = new InMemoryUsageStore();
    private final InMemoryUsageFeed feed = new InMemoryUsageFeed();
    private final InMemoryProxySettings proxy = new InMemoryProxySettings().managementSecret("ccs");
    private final InMemoryControlSettings settings = new InMemoryControlSettings();

    private CollectUsageService collector(boolean forced) {
        return collector(List::of, forced);
    }

    private CollectUsageService collector(Supplier<List<CollectUsageService.Source>> remotes, boolean forced) {
        return new CollectUsageService(store, CollectUsageService.Source.local(feed, proxy), remotes, settings, forced,
                "cliproxy-control on test, pid 1", clock);
    }

    /** A collector on the real clock, turned on by the settings with {@code interval}, and started. */
    private CollectUsageService started(Duration interval, Supplier<List<CollectUsageService.Source>> remotes) {
        settings.put(ControlSettings.DEFAULTS.withUsage(new UsageSettings(true, interval, 30)));
        CollectUsageService collector = new CollectUsageService(store, CollectUsageService.Source.local(feed, proxy),
                remotes, settings, false, "me", java.time.Clock.systemUTC());
        collector.start();
        return collector;
    }

    private void awaitStored(int count) {
        Await.until(() -> store.all().size() >= count, count + " records stored");
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
        assertEquals(State.OFF, status.local().state());
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
        assertEquals(State.COLLECTING, status.local().state());
        assertEquals(Optional.of(UsageFeedKind.QUEUE), status.local().feed());
        assertEquals(Optional.of("v6.10.8"), status.local().proxyVersion());
        assertEquals(CollectUsageService.BATCH * 2L + 7, status.collected());
        assertEquals("cliproxy-control on test, pid 1", status.local().lastDrain().orElseThrow().by());
        assertEquals(7, status.local().lastDrain().orElseThrow().records());
        assertEquals(TestClock.EPOCH, status.local().lastDrain().orElseThrow().at());
        assertEquals(Optional.empty(), status.local().lastError());
    }

    @Test
    void anEmptyQueueLeavesNoMark() {
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().local().state());
        assertEquals(Optional.empty(), collector.status().local().lastDrain());
    }

    @Test
    void aBatchWhoseCommitFailedIsCommittedBeforeAnythingIsPoppedAgain() {
        feed.serve(records(0, 10));
        store.failNextStores(1);
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.FAILING, collector.status().local().state());
        assertTrue(collector.status().local().lastError().orElseThrow().contains("kept to try again"));
        assertEquals(0, store.all().size());
        feed.serve(records(10, 5));
        int callsBefore = feed.calls();
        store.failNextStores(1);
        collector.turn();
        assertEquals(callsBefore, feed.calls(), "no pop while a batch waits for its commit");
        collector.turn();
        assertEquals(15, store.all().size());
        assertEquals(15, feed.handedOut());
        assertEquals(State.COLLECTING, collector.status().local().state());
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
        assertEquals(Optional.of("v6.10.9"), collector.status().local().proxyVersion(), "read from every answer");

        feed.version(Optional.of("v6.9.45"));
        collector.turn();
        assertEquals(State.UNSUPPORTED, collector.status().local().state(), "the queue answers 404 now");
        assertEquals(Optional.of("v6.9.45"), collector.status().local().proxyVersion());
        assertEquals(Optional.empty(), collector.status().local().feed());

        feed.version(Optional.of("v6.10.8"));
        clock.advance(CollectUsageService.RARE_RETRY);
        collector.turn();
        assertEquals(Optional.of(UsageFeedKind.QUEUE), collector.status().local().feed());
        feed.down();
        collector.turn();
        assertEquals(State.WAITING_FOR_PROXY, collector.status().local().state());
        assertEquals(Optional.empty(), collector.status().local().feed(), "probed again when it comes back");
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
        assertEquals(Optional.of(UsageFeedKind.LEGACY), collector.status().local().feed());
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
        assertEquals(State.UNSUPPORTED, collector.status().local().state());
        assertTrue(collector.status().local().lastError().orElseThrow().contains("v6.10.8"));
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
        assertEquals(State.UNSUPPORTED, collector.status().local().state());
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
        assertEquals(State.UNAUTHORIZED, collector.status().local().state());
        assertFalse(collector.status().local().lastError().orElseThrow().contains("wrong"), "no secret in the status");
        proxy.managementSecret("right");
        feed.serve(records(0, 2));
        collector.turn();
        assertEquals(2, store.all().size());
        assertEquals(State.COLLECTING, collector.status().local().state());
    }

    @Test
    void withoutASecretNothingIsAsked() {
        CollectUsageService collector = new CollectUsageService(store,
                CollectUsageService.Source.local(feed, new InMemoryProxySettings()), List::of, settings, true, "me",
                clock);
        collector.turn();
        assertEquals(0, feed.calls());
        assertEquals(State.UNAUTHORIZED, collector.status().local().state());
    }

    @Test
    void aProxyThatRecordsNothingIsProbedAgainAfterAMinute() {
        feed.statisticsEnabled(false);
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.STATISTICS_DISABLED, collector.status().local().state());
        int calls = feed.calls();
        clock.advance(Duration.ofSeconds(59));
        collector.turn();
        assertEquals(calls, feed.calls());
        clock.advance(Duration.ofSeconds(1));
        feed.statisticsEnabled(true);
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().local().state());
    }

    @Test
    void aProxyThatIsDownIsWaitedForAndProbedAgainWhenBack() {
        feed.down();
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(State.WAITING_FOR_PROXY, collector.status().local().state());
        feed.up().version(Optional.of("v6.9.45")).serve(records(0, 3));
        collector.turn();
        assertEquals(Optional.of(UsageFeedKind.LEGACY), collector.status().local().feed());
        assertEquals(3, store.all().size());
        feed.down();
        collector.turn();
        assertEquals(Optional.empty(), collector.status().local().feed(), "probed again when it comes back");
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
        feed.serve(records(0, 3));
        CollectUsageService collector = started(Duration.ofMillis(100), List::of);
        try {
            awaitStored(3);
            feed.serve(records(3, 2));
            awaitStored(5);
        } finally {
            collector.close();
        }
        assertEquals(5, store.all().size());
        int calls = feed.calls();
        Thread.sleep(300);
        assertEquals(calls, feed.calls(), "closed: no more turns");
    }

    // --- the fleet's proxies on other hosts ---

    private static final FleetInstance.Remote HOME = new FleetInstance.Remote("home", "Home",
            new RemoteProxy(URI.create("http://10.0.0.5:8317"), Optional.empty(), Optional.of("home-key")));
    private final InMemoryUsageFeed homeFeed = new InMemoryUsageFeed().secret("home-key");
    private final InMemoryProxySettings homeProxy = new InMemoryProxySettings().managementSecret("home-key");

    private CollectUsageService fleetCollector(Supplier<List<CollectUsageService.Source>> remotes) {
        return collector(remotes, true);
    }

    private CollectUsageService.Source home() {
        return CollectUsageService.Source.remote(HOME, homeFeed, homeProxy);
    }

    @Test
    void everyInstanceIsDrainedIntoTheOneStoreAsItsOwn() {
        feed.serve(records(0, CollectUsageService.BATCH + 3));
        // The same request ids at the same instants on another proxy: other requests, kept apart by the instance.
        homeFeed.serve(records(0, 5));
        CollectUsageService collector = fleetCollector(() -> List.of(home()));
        collector.turn();
        assertEquals(CollectUsageService.BATCH + 8, store.all().size());
        assertEquals(5, store.all().stream().filter(r -> r.instance().equals("home")).count(),
                "stored as the instance's they were asked of");
        UsageCollectorStatus status = collector.status();
        assertEquals(List.of(UsageRecord.LOCAL, "home"), status.instances().stream()
                .map(UsageCollectorStatus.Instance::instance).toList(), "this machine's first");
        assertEquals(CollectUsageService.BATCH + 3, status.local().collected());
        UsageCollectorStatus.Instance home = status.instances().get(1);
        assertEquals(5, home.collected());
        assertEquals(CollectUsageService.BATCH + 8, status.collected(), "the whole fleet's");
        assertEquals(State.COLLECTING, home.state());
        assertEquals(5, home.lastDrain().orElseThrow().records());
        assertEquals("home", home.lastDrain().orElseThrow().instance());
        assertEquals(3, status.local().lastDrain().orElseThrow().records(), "each instance's own last drain");
        assertEquals(Optional.of(TestClock.EPOCH), home.lastSuccessAt());
        UsageQuery all = new UsageQuery(TestClock.EPOCH, TestClock.EPOCH.plusSeconds(100_000),
                List.of(UsageGrouping.INSTANCE));
        assertEquals(List.of("home", UsageRecord.LOCAL), store.report(all).groups().stream().map(g -> g.key())
                .toList());
    }

    @Test
    void aProxyOfAnotherLocalPortIsDrainedAsLocalPortAndSaysWhereItsSecretIsSet() {
        FleetInstance.Local cli = new FleetInstance.Local(8400);
        InMemoryUsageFeed cliFeed = new InMemoryUsageFeed();
        cliFeed.serve(records(0, 4));
        feed.serve(records(0, 2));
        CollectUsageService collector = fleetCollector(() -> List.of(
                CollectUsageService.Source.otherPort(cli, cliFeed, new InMemoryProxySettings().port(8400)
                        .managementSecret("ccs"))));
        collector.turn();
        assertEquals(4, store.all().stream().filter(r -> r.instance().equals("local-8400")).count(),
                "stored as the port's");
        assertEquals(List.of(UsageRecord.LOCAL, "local-8400"), collector.status().instances().stream()
                .map(UsageCollectorStatus.Instance::instance).toList());

        CollectUsageService unknown = fleetCollector(() -> List.of(
                CollectUsageService.Source.otherPort(cli, cliFeed, new InMemoryProxySettings().port(8400))));
        unknown.turn();
        assertEquals("no management secret is known for instance local-8400: set cliproxy.auth.management_secret of"
                + " the ccs settings", unknown.status().instances().get(1).lastError().orElseThrow());
    }

    @Test
    void eachInstanceBacksOffAloneAndSaysWhereItsSecretIsSet() {
        homeFeed.secret("another");
        feed.serve(records(0, 2));
        CollectUsageService collector = fleetCollector(() -> List.of(home()));
        for (int i = 0; i < 10; i++) {
            collector.turn();
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(1, homeFeed.calls(), "a refused key is not sent again and again");
        UsageCollectorStatus status = collector.status();
        assertEquals(State.COLLECTING, status.local().state(), "the others go on");
        UsageCollectorStatus.Instance home = status.instances().get(1);
        assertEquals(State.UNAUTHORIZED, home.state());
        assertTrue(home.lastError().orElseThrow().contains("the managementKey of fleet instance home"),
                home.lastError().orElseThrow());
        assertFalse(home.lastError().orElseThrow().contains("home-key"), "no secret in the status");
        assertEquals(Optional.empty(), home.lastSuccessAt());
        assertEquals(Optional.of(TestClock.EPOCH), home.lastErrorAt());

        homeProxy.managementSecret("another");
        homeFeed.serve(records(10, 1));
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().instances().get(1).state(), "a new key is tried at once");
        assertEquals(3, store.all().size());
    }

    @Test
    void aRemoteWithoutAKeyAndTheCcsRemoteNameTheirOwnSettings() {
        FleetInstance.Remote ccsRemote = new FleetInstance.Remote(FleetInstance.CCS_REMOTE_ID, "ccs remote",
                HOME.target());
        CollectUsageService collector = fleetCollector(() -> List.of(
                CollectUsageService.Source.remote(HOME, homeFeed, new InMemoryProxySettings()),
                CollectUsageService.Source.remote(ccsRemote, homeFeed, new InMemoryProxySettings())));
        collector.turn();
        List<UsageCollectorStatus.Instance> instances = collector.status().instances();
        assertEquals(0, homeFeed.calls(), "nothing asked without a key");
        assertEquals("no management secret is known for instance home: set the managementKey of fleet instance home"
                + " (register it again with one)", instances.get(1).lastError().orElseThrow());
        assertEquals("no management secret is known for instance ccs-remote: set management_key of the ccs"
                + " settings' cliproxy_server.remote", instances.get(2).lastError().orElseThrow());
        assertEquals(State.UNAUTHORIZED, instances.get(2).state());
        proxy.managementSecret("ccs");
        CollectUsageService local = new CollectUsageService(store, CollectUsageService.Source.local(feed,
                new InMemoryProxySettings()), List::of, settings, true, "me", clock);
        local.turn();
        assertEquals("no management secret is known for instance local: set cliproxy.auth.management_secret of the"
                + " ccs settings", local.status().local().lastError().orElseThrow());
    }

    @Test
    void theFleetIsAskedAtEachTurnAndItsLastGoodAnswerHoldsWhileItFails() {
        List<List<CollectUsageService.Source>> answers = new ArrayList<>(List.of(List.of(), List.of(home())));
        Supplier<List<CollectUsageService.Source>> fleet = () -> {
            if (answers.isEmpty()) {
                throw new InvalidInputException(ErrorCode.INVALID_SETTINGS, "fleet settings broken");
            }
            return answers.removeFirst();
        };
        homeFeed.serve(records(0, 2));
        CollectUsageService collector = fleetCollector(fleet);
        collector.turn();
        assertEquals(0, homeFeed.calls(), "not in the fleet yet");
        collector.turn();
        assertEquals(2, store.all().size(), "registered since");
        homeFeed.serve(records(2, 1));
        collector.turn();
        assertEquals(3, store.all().size(), "the settings broke: the last good fleet holds");
        assertEquals(2, collector.status().instances().size());
    }

    @Test
    void anInstanceGoneFromTheFleetIsDroppedAndOneNamedLocalIsNotMixedWithThisMachines() {
        CollectUsageService.Source namedLocal = new CollectUsageService.Source(UsageRecord.LOCAL, homeFeed, homeProxy,
                "x");
        List<List<CollectUsageService.Source>> answers = new ArrayList<>(List.of(List.of(home(), namedLocal),
                List.of(namedLocal)));
        homeFeed.serve(records(0, 2));
        CollectUsageService collector = fleetCollector(answers::removeFirst);
        collector.turn();
        assertEquals(2, store.all().size());
        assertTrue(store.all().stream().allMatch(r -> r.instance().equals("home")), "drained as home only");
        assertEquals(List.of(UsageRecord.LOCAL), collector.status().instances().stream()
                .map(UsageCollectorStatus.Instance::instance).toList(), "home is gone from the fleet");
        assertEquals(0, feed.handedOut());
    }

    @Test
    void aSlowInstanceHoldsUpNoOtherAndCloseWaitsForTheBatchInFlight() throws Exception {
        CountDownLatch popping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InMemoryUsageFeed queue = new InMemoryUsageFeed().secret("home-key").serve(records(100, 4));
        UsageFeedPort slow = inFrontOf(queue, () -> {
            popping.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, answer -> answer);
        feed.serve(records(0, 3));
        CollectUsageService collector = started(Duration.ofMillis(100),
                () -> List.of(CollectUsageService.Source.remote(HOME, slow, homeProxy)));
        try {
            assertTrue(popping.await(30, TimeUnit.SECONDS));
            feed.serve(records(3, 2));
            awaitStored(5);
            assertEquals(5, store.all().size(), "this machine's drained while home's pop hangs");
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
        } finally {
            collector.close();
        }
        assertEquals(9, store.all().size(), "close waited for home's batch to be committed");
        assertEquals(4, queue.handedOut(), "and popped nothing more");
    }

    /** A feed in front of {@code queue} whose answers to a probe and a pop {@code answer} decides instead. */
    private static UsageFeedPort answering(InMemoryUsageFeed queue, UnaryOperator<UsageFeedAnswer> answer) {
        return inFrontOf(queue, () -> { }, answer);
    }

    /**
     * A feed in front of {@code queue}: a pop first runs {@code beforePop}, and {@code answer} decides the answers to
     * a probe and a pop.
     */
    private static UsageFeedPort inFrontOf(InMemoryUsageFeed queue, Runnable beforePop,
                                           UnaryOperator<UsageFeedAnswer> answer) {
        return new UsageFeedPort() {
            @Override
            public UsageFeedAnswer probe(int port, String secret) {
                return answer.apply(queue.probe(port, secret));
            }

            @Override
            public UsageFeedAnswer pop(int port, String secret, int count, List<String> keys, String ccsKey) {
                beforePop.run();
                return answer.apply(queue.pop(port, secret, count, keys, ccsKey));
            }

            @Override
            public UsageFeedAnswer history(int port, String secret, List<String> keys, String ccsKey) {
                return queue.history(port, secret, keys, ccsKey);
            }
        };
    }

    @Test
    void aFailedAnswerIsSaidAndTheNextTurnTriesAgain() {
        List<Boolean> failing = new ArrayList<>(List.of(false, true));
        UsageFeedPort flaky = answering(feed, answer -> answer instanceof UsageFeedAnswer.Records && !failing.isEmpty()
                && failing.removeFirst() ? new UsageFeedAnswer.Failed("the proxy did not answer within 10 s") : answer);
        feed.serve(records(0, 2));
        CollectUsageService collector = new CollectUsageService(store, CollectUsageService.Source.local(flaky, proxy),
                List::of, settings, true, "me", clock);
        collector.turn();
        assertEquals(2, store.all().size());
        collector.turn();
        assertEquals(State.FAILING, collector.status().local().state());
        assertEquals(Optional.of("the proxy did not answer within 10 s"), collector.status().local().lastError());
        feed.serve(records(2, 1));
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().local().state());
        assertEquals(3, store.all().size());
    }

    @Test
    void aFeedThatThrowsIsAFailureOfThatInstanceOnlyAndTheNextTurnTriesAgain() {
        List<Boolean> throwing = new ArrayList<>(List.of(true));
        UsageFeedPort broken = answering(homeFeed, answer -> {
            if (!throwing.isEmpty() && throwing.removeFirst()) {
                throw new IllegalStateException("a bug");
            }
            return answer;
        });
        feed.serve(records(0, 2));
        homeFeed.serve(records(0, 3));
        CollectUsageService collector = fleetCollector(() -> List.of(CollectUsageService.Source.remote(HOME,
                broken, homeProxy)));
        collector.turn();
        UsageCollectorStatus.Instance home = collector.status().instances().get(1);
        assertEquals(State.FAILING, home.state());
        assertEquals(Optional.of("collecting failed unexpectedly (IllegalStateException): see the server log"),
                home.lastError());
        assertEquals(State.COLLECTING, collector.status().local().state());
        collector.turn();
        assertEquals(State.COLLECTING, collector.status().instances().get(1).state());
        assertEquals(5, store.all().size());
    }

    @Test
    void aTurnPopsAtMostAHundredBatchesAndTheNextGoesOn() {
        int backlog = CollectUsageService.MAX_POPS_PER_TURN * CollectUsageService.BATCH + 5;
        feed.serve(records(0, backlog));
        CollectUsageService collector = collector(true);
        collector.turn();
        assertEquals(CollectUsageService.MAX_POPS_PER_TURN * CollectUsageService.BATCH, feed.handedOut());
        collector.turn();
        assertEquals(backlog, store.all().size());
    }

    @Test
    void theRunningCollectorWaitsAnIntervalBetweenTurnsAndATurnAskedMeanwhileRunsToo() throws Exception {
        feed.serve(records(0, 3));
        CollectUsageService collector = started(Duration.ofHours(1), List::of);
        try {
            awaitStored(3);
            int calls = feed.calls();
            Thread.sleep(300);
            assertEquals(calls, feed.calls(), "nothing asked before the interval has passed");
            feed.serve(records(3, 2));
            collector.turn();
            assertEquals(5, store.all().size(), "a turn asked for runs at once, beside the running collector's");
        } finally {
            collector.close();
        }
    }
}
