package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** A report adds up exactly the records of its range, into groups that partition them, in key order. */
class UsageReportProperties {

    @Provide
    Arbitrary<List<UsageRecord>> records() {
        return UsageSamples.records().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<UsageGrouping>> groupings() {
        return Arbitraries.of(UsageGrouping.class).list().uniqueElements().ofMaxSize(3);
    }

    @Property
    void totalsAreTheSumsOfTheRecordsInRange(@ForAll("records") List<UsageRecord> records,
                                             @ForAll @LongRange(min = 0, max = UsageSamples.SPAN_MS) long a,
                                             @ForAll @LongRange(min = 0, max = UsageSamples.SPAN_MS) long b,
                                             @ForAll("groupings") List<UsageGrouping> groupBy) {
        Instant from = UsageSamples.START.plusMillis(Math.min(a, b));
        Instant to = UsageSamples.START.plusMillis(Math.max(a, b) + 1);
        UsageReport report = UsageReport.of(records, new UsageQuery(from, to, groupBy));
        List<UsageRecord> covered = records.stream()
                .filter(r -> !r.timestamp().isBefore(from) && r.timestamp().isBefore(to)).toList();
        UsageTotals totals = report.totals();
        assertEquals(covered.size(), totals.requests());
        assertEquals(covered.stream().filter(UsageRecord::failed).count(), totals.failures());
        assertEquals(covered.stream().mapToLong(r -> r.tokens().input()).sum(), totals.inputTokens());
        assertEquals(covered.stream().mapToLong(r -> r.tokens().output()).sum(), totals.outputTokens());
        assertEquals(covered.stream().mapToLong(r -> r.tokens().reasoning()).sum(), totals.reasoningTokens());
        assertEquals(covered.stream().mapToLong(r -> r.tokens().cached()).sum(), totals.cachedTokens());
        long[] counts = new long[LatencyBuckets.COUNT];
        covered.forEach(r -> counts[r.latencyBucket()]++);
        assertEquals(LatencyBuckets.percentile(counts, 0.5), totals.latencyP50Ms());
        assertEquals(LatencyBuckets.percentile(counts, 0.95), totals.latencyP95Ms());

        if (groupBy.isEmpty()) {
            assertEquals(List.of(), report.groups());
            return;
        }
        assertEquals(covered.size(), report.groups().stream().mapToLong(g -> g.totals().requests()).sum());
        assertEquals(totals.inputTokens(), report.groups().stream().mapToLong(g -> g.totals().inputTokens()).sum());
        Map<List<String>, Long> expected = covered.stream().collect(Collectors.groupingBy(
                r -> groupBy.stream().map(g -> g.keyOf(UsageDimensions.of(r))).toList(), Collectors.counting()));
        assertEquals(expected, report.groups().stream()
                .collect(Collectors.toMap(UsageGroup::keys, g -> g.totals().requests())));
        List<String> keys = report.groups().stream().map(UsageGroup::key).toList();
        assertEquals(keys.stream().sorted().toList(), keys, "groups in key order");
    }

    @Property
    void talliesAddUpAlikeHoweverTheRecordsAreSplit(@ForAll("records") List<UsageRecord> records,
                                                    @ForAll @IntRange(min = 0, max = 40) int split) {
        int cut = Math.min(split, records.size());
        UsageTally whole = new UsageTally();
        records.forEach(whole::add);
        UsageTally first = new UsageTally();
        UsageTally second = new UsageTally();
        records.subList(0, cut).forEach(first::add);
        records.subList(cut, records.size()).forEach(second::add);
        assertEquals(whole.totals(), first.add(second).totals());
        for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
            assertEquals(whole.latencies(bucket), first.latencies(bucket));
        }
    }

    @Example
    void sumsAndLatenciesAddedSeparatelyMakeTheSameTotals() {
        UsageRecord failed = UsageSamples.record("x", 0, "codex", "gpt-5", "a", ApiKeyIdentity.NONE, 300,
                new UsageTokens(1, 2, 3, 4, 3), true);
        UsageTally byRecord = new UsageTally().add(failed);
        UsageTally bySums = new UsageTally().addSums(1, 1, 1, 2, 3, 4).addLatencies(failed.latencyBucket(), 1);
        assertEquals(byRecord.totals(), bySums.totals());
        assertEquals(1, bySums.requests());
        assertEquals(LatencyBuckets.of(300), failed.latencyBucket());
        assertEquals(1, byRecord.latencies(LatencyBuckets.of(300)));
        assertEquals(0, byRecord.latencies(0));
        assertEquals(new UsageTotals(1, 1, 1, 2, 3, 4, LatencyBuckets.representative(failed.latencyBucket()),
                LatencyBuckets.representative(failed.latencyBucket())), byRecord.totals());
    }

    @Example
    void keysOfEachGrouping() {
        UsageRecord r = UsageSamples.record("x", 14 * 3_600_000L + 5, "codex", "gpt-5", "a@example.com",
                new ApiKeyIdentity("3fa2b1c9d0e4", "ccs"), 10, UsageTokens.NONE, false);
        UsageDimensions d = UsageDimensions.of(r);
        assertEquals("2026-11-28", UsageGrouping.DAY.keyOf(d));
        assertEquals("2026-11-28T14:00Z", UsageGrouping.HOUR.keyOf(d));
        assertEquals("codex", UsageGrouping.PROVIDER.keyOf(d));
        assertEquals("gpt-5", UsageGrouping.MODEL.keyOf(d));
        assertEquals("a@example.com", UsageGrouping.ACCOUNT.keyOf(d));
        assertEquals("ccs/3fa2b1c9d0e4", UsageGrouping.API_KEY.keyOf(d));
        assertEquals(UsageRecord.LOCAL, UsageGrouping.INSTANCE.keyOf(d));
        UsageDimensions remote = UsageDimensions.of(UsageSamples.record("x", "home-server", 5, "codex", "gpt-5",
                "a@example.com", ApiKeyIdentity.NONE, 10, UsageTokens.NONE, false));
        assertEquals("home-server", UsageGrouping.INSTANCE.keyOf(remote));
        assertEquals(new UsageDimensions(UtcPeriods.DAY_MS, "home-server", "codex", "gpt-5", "a@example.com",
                ApiKeyIdentity.NONE), remote.at(UtcPeriods.DAY_MS), "the same dimensions at another hour");
        assertEquals("none", ApiKeyIdentity.NONE.display());
        UsageReport report = UsageReport.of(List.of(r), new UsageQuery(UsageSamples.START,
                UsageSamples.START.plusSeconds(86_400), List.of(UsageGrouping.MODEL, UsageGrouping.DAY)));
        assertEquals("gpt-5|2026-11-28", report.groups().getFirst().key());
        UsageReport twice = UsageReport.builder(new UsageQuery(UsageSamples.START, UsageSamples.START.plusSeconds(1),
                List.of())).add(d, new UsageTally().add(r)).add(d, new UsageTally().add(r)).build();
        assertEquals(2, twice.totals().requests());
        assertEquals(List.of("gpt-5", "2026-11-28"), report.groups().getFirst().keys());
    }

    @Property
    void hoursAndDaysStartAtOrBeforeTheirInstants(@ForAll @LongRange(min = -10_000_000_000L,
            max = 10_000_000_000_000L) long millis) {
        long hour = UtcPeriods.hourOf(millis);
        long day = UtcPeriods.dayOf(millis);
        assertTrue(hour <= millis && millis < hour + UtcPeriods.HOUR_MS);
        assertTrue(day <= hour && millis < day + UtcPeriods.DAY_MS);
        assertEquals(0, Math.floorMod(hour, UtcPeriods.HOUR_MS));
        assertEquals(0, Math.floorMod(day, UtcPeriods.DAY_MS));
    }

    @Example
    void groupingsAreNamedAsTheQueryTakesThem() {
        for (UsageGrouping grouping : UsageGrouping.values()) {
            assertEquals(grouping, UsageGrouping.of(grouping.id()));
        }
        assertEquals("apiKey", UsageGrouping.API_KEY.id());
        assertTrue(assertThrows(InvalidInputException.class, () -> UsageGrouping.of("w".repeat(41))).detail()
                .orElseThrow().endsWith("w".repeat(40) + "...'"));
        assertTrue(assertThrows(InvalidInputException.class, () -> UsageGrouping.of("w".repeat(40))).detail()
                .orElseThrow().endsWith("w".repeat(40) + "'"));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> UsageGrouping.of("week"));
        assertEquals(Optional.of(ErrorCode.INVALID_USAGE_QUERY.id()), refused.code());
        assertTrue(refused.detail().orElseThrow().contains("day, hour, provider, model, account, apiKey, instance"));
    }

    @Example
    void aQueryNeedsARangeAndAtMostThreeDifferentGroupings() {
        Instant t = UsageSamples.START;
        assertThrows(InvalidInputException.class, () -> new UsageQuery(t, t, List.of()));
        assertThrows(InvalidInputException.class, () -> new UsageQuery(t.plusMillis(1), t, List.of()));
        assertThrows(InvalidInputException.class, () -> new UsageQuery(t, t.plusMillis(1),
                List.of(UsageGrouping.DAY, UsageGrouping.DAY)));
        assertThrows(InvalidInputException.class, () -> new UsageQuery(t, t.plusMillis(1),
                List.of(UsageGrouping.DAY, UsageGrouping.MODEL, UsageGrouping.ACCOUNT, UsageGrouping.PROVIDER)));
        UsageQuery query = new UsageQuery(t, t.plusMillis(1), List.of(UsageGrouping.DAY, UsageGrouping.MODEL,
                UsageGrouping.ACCOUNT));
        assertTrue(query.covers(t));
        assertTrue(!query.covers(t.plusMillis(1)) && !query.covers(t.minusMillis(1)));
    }

    @Property
    void pagesVisitEveryRecordOfTheRangeOnceInOrder(@ForAll("records") List<UsageRecord> records,
                                                    @ForAll @IntRange(min = 1, max = 7) int limit,
                                                    @ForAll @LongRange(min = 0, max = UsageSamples.SPAN_MS) long a) {
        Instant from = UsageSamples.START.plusMillis(a / 2);
        Instant to = UsageSamples.START.plusMillis(UsageSamples.SPAN_MS);
        List<UsageRecord> unique = records.stream().collect(Collectors.toMap(UsageCursor::of, r -> r,
                (x, y) -> x)).values().stream().toList();
        List<UsageRecord> visited = new ArrayList<>();
        Optional<UsageCursor> after = Optional.empty();
        int pages = 0;
        do {
            UsagePageQuery query = new UsagePageQuery(from, to, after, limit);
            List<UsageRecord> admitted = new ArrayList<>(unique.stream().filter(query::admits).toList());
            admitted.sort(UsageCursor.ORDER);
            UsagePage page = UsagePage.of(admitted.subList(0, Math.min(admitted.size(), limit + 1)), limit);
            assertTrue(page.records().size() <= limit);
            visited.addAll(page.records());
            after = page.next().map(c -> UsageCursor.parse(c.text()));
            pages++;
        } while (after.isPresent() && pages < 100);
        List<UsageRecord> expected = new ArrayList<>(unique.stream()
                .filter(r -> !r.timestamp().isBefore(from) && r.timestamp().isBefore(to)).toList());
        expected.sort(UsageCursor.ORDER);
        assertEquals(expected, visited);
    }

    @Example
    void aCursorIsReadBackOrRefused() {
        UsageCursor key = new UsageCursor(12, "fleet:a", "a:b");
        assertEquals(key, UsageCursor.parse(key.text()));
        assertEquals("12:ZmxlZXQ6YQ:a:b", key.text());
        for (String bad : List.of("", "12", "12:", "12:bG9jYWw", "12:bG9jYWw:", "x:bG9jYWw:a", "1:!!:a")) {
            assertThrows(InvalidInputException.class, () -> UsageCursor.parse(bad), bad);
        }
        UsageCursor cursor = new UsageCursor(1000, "local", "m");
        assertTrue(cursor.isBefore(UsageSamples.at("n", 1000)));
        assertTrue(!cursor.isBefore(UsageSamples.at("m", 1000)));
        assertTrue(!cursor.isBefore(UsageSamples.at("z", 999)));
        assertTrue(cursor.isBefore(UsageSamples.at("a", 1001)));
        assertTrue(new UsageCursor(1000, "a", "z").isBefore(UsageSamples.at("a", 1000)), "by instance first");
        assertTrue(!new UsageCursor(1000, "m", "a").isBefore(UsageSamples.at("z", 1000)));
        assertEquals(new UsageCursor(1000, "local", "n"), UsageCursor.of(UsageSamples.at("n", 1000)));
    }

    @Example
    void aRepeatedRequestIdAtAnotherInstantIsAnotherRequest() {
        // The proxy's ids are 8 random hex digits: they repeat.
        UsageRecord first = UsageSamples.at("a1b2c3d4", 1000);
        UsageRecord again = UsageSamples.at("a1b2c3d4", 1000);
        UsageRecord other = UsageSamples.at("a1b2c3d4", 5000);
        assertEquals(UsageCursor.of(first), UsageCursor.of(again));
        assertTrue(!UsageCursor.of(first).equals(UsageCursor.of(other)));
    }

    @Example
    void aPageOfExactlyTheLimitIsTheLast() {
        List<UsageRecord> two = List.of(UsageSamples.at("a", 1), UsageSamples.at("b", 2));
        assertEquals(Optional.empty(), UsagePage.of(two, 2).next());
        assertEquals(Optional.of(UsageCursor.of(two.getFirst())), UsagePage.of(two, 1).next());
        assertEquals(List.of(two.getFirst()), UsagePage.of(two, 1).records());
    }

    @Example
    void aPageLimitIsFromOneToAThousand() {
        Instant t = UsageSamples.START;
        assertThrows(InvalidInputException.class, () -> new UsagePageQuery(t, t.plusMillis(1), Optional.empty(), 0));
        assertThrows(InvalidInputException.class, () -> new UsagePageQuery(t, t.plusMillis(1), Optional.empty(),
                1001));
        assertThrows(InvalidInputException.class, () -> new UsagePageQuery(t, t, Optional.empty(), 10));
        assertEquals(1000, new UsagePageQuery(t, t.plusMillis(1), Optional.empty(), 1000).limit());
    }

    @Property
    void recordsKeepBoundedTextAndNoNegativeCounts(@ForAll @Size(max = 300) String text,
                                                   @ForAll @LongRange(min = -10, max = 10) long n) {
        UsageRecord r = new UsageRecord("id", null, Instant.EPOCH, text, text, text, text, text, text, text,
                ApiKeyIdentity.NONE, n, n, new UsageTokens(n, n, n, n, n), false, 200);
        assertEquals(text.strip().substring(0, Math.min(200, text.strip().length())), r.model());
        assertEquals("", r.instance());
        assertEquals(Math.max(0, n), r.latencyMs());
        assertEquals(Math.max(0, n), r.ttftMs());
        assertEquals(new UsageTokens(Math.max(0, n), Math.max(0, n), Math.max(0, n), Math.max(0, n),
                Math.max(0, n)), r.tokens());
    }

    @Example
    void aRequestIdIsOneToTwoHundredCharacters() {
        assertThrows(IllegalArgumentException.class, () -> UsageSamples.simple(" ", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> UsageSamples.simple("x".repeat(201), 0, 1));
        assertEquals(200, UsageSamples.simple("x".repeat(200), 0, 1).requestId().length());
    }
}
