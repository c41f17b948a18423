package dev.cliproxy.control.adapter.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageDrain;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every SQL store of the usage history must do, checked against the in-memory store (which applies the
 * domain's rules directly): the same records kept, the same reports for any range and grouping, the same pages.
 * Each database runs it with a fresh, empty database per test.
 */
abstract class UsageStoreContract {

    /** A store on a fresh, empty database. */
    abstract JdbcUsageStoreAdapter newStore() throws Exception;

    /** A plain connection to the database of the last {@link #newStore()} (not in auto-commit). */
    abstract Connection rawConnection() throws Exception;

    abstract SqlDialect dialect();

    @Test
    void keepsEachRequestOnceAndReportsAsTheDomainRuleDoes() throws Exception {
        Random random = new Random(21);
        try (JdbcUsageStoreAdapter store = newStore()) {
            InMemoryUsageStore expected = new InMemoryUsageStore();
            List<UsageRecord> seen = new ArrayList<>();
            for (int batch = 0; batch < 6; batch++) {
                List<UsageRecord> records = UsageRecords.random(random, 150, 600, seen);
                assertEquals(expected.store(records, Optional.empty()), store.store(records, Optional.empty()),
                        "the same records are new");
            }
            for (int round = 0; round < 40; round++) {
                UsageQuery query = randomQuery(random);
                assertEquals(expected.report(query), store.report(query), query.toString());
            }
            UsageQuery all = new UsageQuery(UsageRecords.START, UsageRecords.START.plusMillis(UsageRecords.SPAN_MS),
                    List.of(UsageGrouping.DAY, UsageGrouping.MODEL));
            assertEquals(expected.all().size(), store.report(all).totals().requests());
            assertTrue(expected.all().size() < seen.size() + 1 && expected.all().size() == seen.stream()
                    .map(dev.cliproxy.control.domain.model.UsageCursor::of).distinct().count());
            assertEquals(expected.report(all), store.report(all));
        }
    }

    @Test
    void pagesAndExportsComeInOrderAsTheFakesDo() throws Exception {
        Random random = new Random(7);
        try (JdbcUsageStoreAdapter store = newStore()) {
            InMemoryUsageStore expected = new InMemoryUsageStore();
            List<UsageRecord> records = UsageRecords.random(random, 500, 400);
            expected.store(records, Optional.empty());
            store.store(records, Optional.empty());
            for (int round = 0; round < 10; round++) {
                UsageQuery range = randomQuery(random);
                int limit = 1 + random.nextInt(60);
                Optional<UsageCursor> after = Optional.empty();
                do {
                    UsagePageQuery query = new UsagePageQuery(range.from(), range.to(), after, limit);
                    UsagePage page = store.page(query);
                    assertEquals(expected.page(query), page);
                    after = page.next();
                } while (after.isPresent());
                List<UsageRecord> exported = new ArrayList<>();
                List<UsageRecord> fake = new ArrayList<>();
                store.export(range.from(), range.to(), exported::add);
                expected.export(range.from(), range.to(), fake::add);
                assertEquals(fake, exported);
            }
        }
    }

    /**
     * Records of one instant are paged by instance, then request id: a page that ends among them is followed by the
     * rest of them, each once (the random records above almost never share an instant, so the cursor's tie-breakers
     * are stated here).
     */
    @Test
    void pagesThatEndAmongRecordsOfOneInstantGoOnWithTheRestOfThem() throws Exception {
        Random random = new Random(11);
        Instant instant = UsageRecords.START.plusSeconds(3_600);
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UsageRecord r = UsageRecords.random(random, "req-" + random.nextInt(12));
            records.add(new UsageRecord(r.requestId(), r.instance(), instant.plusMillis(random.nextInt(2)),
                    r.provider(), r.model(), r.alias(), r.endpoint(), r.authType(), r.account(), r.authIndex(),
                    r.apiKey(), r.latencyMs(), r.ttftMs(), r.tokens(), r.failed(), r.statusCode()));
        }
        try (JdbcUsageStoreAdapter store = newStore()) {
            InMemoryUsageStore expected = new InMemoryUsageStore();
            expected.store(records, Optional.empty());
            store.store(records, Optional.empty());
            for (int limit = 1; limit <= 4; limit++) {
                List<UsageRecord> walked = new ArrayList<>();
                Optional<UsageCursor> after = Optional.empty();
                do {
                    UsagePageQuery query = new UsagePageQuery(instant, instant.plusSeconds(1), after, limit);
                    UsagePage page = store.page(query);
                    assertEquals(expected.page(query), page, "limit " + limit + " after " + after);
                    walked.addAll(page.records());
                    after = page.next();
                } while (after.isPresent());
                assertEquals(expected.page(new UsagePageQuery(instant, instant.plusSeconds(1), Optional.empty(),
                        records.size())).records(), walked, "limit " + limit);
            }
        }
    }

    @Test
    void pruningRemovesWholeDaysAndTheReportsAgree() throws Exception {
        Random random = new Random(3);
        try (JdbcUsageStoreAdapter store = newStore()) {
            InMemoryUsageStore expected = new InMemoryUsageStore();
            List<UsageRecord> records = UsageRecords.random(random, 400, 10_000);
            expected.store(records, Optional.empty());
            store.store(records, Optional.empty());
            Instant before = UsageRecords.START.plusMillis(UsageRecords.SPAN_MS / 2 + 1234);
            assertEquals(expected.prune(before), store.prune(before));
            UsageQuery all = new UsageQuery(UsageRecords.START, UsageRecords.START.plusMillis(UsageRecords.SPAN_MS),
                    List.of(UsageGrouping.HOUR));
            assertEquals(expected.report(all), store.report(all));
            assertTrue(expected.all().size() < records.size(), "something was pruned");
            String first = store.report(all).groups().getFirst().key();
            assertTrue(first.compareTo("2026-11-29T00:00Z") >= 0, "whole days before the cutoff's go: " + first);
        }
    }

    @Test
    void theLastDrainOfEachInstanceIsKept() throws Exception {
        try (JdbcUsageStoreAdapter store = newStore()) {
            assertEquals(Optional.empty(), store.lastDrain("local"));
            UsageDrain first = new UsageDrain("local", "server a", Instant.ofEpochMilli(1000), 5);
            UsageDrain second = new UsageDrain("local", "server b", Instant.ofEpochMilli(2000), 7);
            UsageDrain other = new UsageDrain("remote", "server a", Instant.ofEpochMilli(1500), 1);
            store.store(List.of(), Optional.of(first));
            store.store(List.of(), Optional.of(other));
            store.store(UsageRecords.random(new Random(1), 3, 3), Optional.of(second));
            assertEquals(Optional.of(second), store.lastDrain("local"));
            assertEquals(Optional.of(other), store.lastDrain("remote"));
            assertEquals(dialect().kind(), store.kind());
        }
    }

    @Test
    void aDatabaseOfTheFirstVersionIsMigratedWithItsRecords() throws Exception {
        migratedWithItsRecords(1);
    }

    /** Version 3 kept sums without the instance: version 4 rebuilds them by instance from the records. */
    @Test
    void aDatabaseOfTheThirdVersionIsMigratedWithItsRecordsAndSums() throws Exception {
        migratedWithItsRecords(3);
    }

    /**
     * A database of {@code version} holding records (written as version 1 wrote them, the sums of versions 2 and 3
     * filled from them by their migrations) reports after the latest migration as the fake does, by instance too.
     */
    private void migratedWithItsRecords(int version) throws Exception {
        Random random = new Random(11);
        List<UsageRecord> records = UsageRecords.random(random, 300, 1000);
        InMemoryUsageStore expected = new InMemoryUsageStore();
        expected.store(records, Optional.empty());
        try (JdbcUsageStoreAdapter fresh = newStore()) {
            fresh.store(List.of(), Optional.of(new UsageDrain("x", "y", Instant.EPOCH, 0)));
        }
        try (Connection raw = rawConnection()) {
            try (Statement drop = raw.createStatement()) {
                // Back to an empty database.
                for (String table : List.of("usage_daily", "usage_hourly", "usage_drains", "usage_records",
                        "usage_schema")) {
                    drop.execute("DROP TABLE " + table);
                }
            }
            raw.commit();
            assertEquals(1, UsageSchema.migrate(raw, dialect(), 1));
            // Records as version 1 stored them: without the hourly sums.
            try (PreparedStatement insert = raw.prepareStatement(JdbcUsageStoreAdapter.INSERT_RECORD)) {
                JdbcUsageStoreAdapter.insert(insert, records);
            }
            raw.commit();
            assertEquals(version, UsageSchema.migrate(raw, dialect(), version));
        }
        try (JdbcUsageStoreAdapter store = reopen()) {
            assertEquals(UsageSchema.LATEST, store.schemaVersion());
            for (List<UsageGrouping> groupBy : List.of(List.of(UsageGrouping.DAY, UsageGrouping.API_KEY),
                    List.of(UsageGrouping.INSTANCE, UsageGrouping.MODEL), List.<UsageGrouping>of())) {
                UsageQuery query = new UsageQuery(UsageRecords.START.plusSeconds(1800),
                        UsageRecords.START.plusMillis(UsageRecords.SPAN_MS), groupBy);
                assertEquals(expected.report(query), store.report(query), groupBy.toString());
            }
        }
    }

    @Test
    void aDatabaseOfANewerVersionIsRefused() throws Exception {
        try (JdbcUsageStoreAdapter store = newStore()) {
            store.store(List.of(), Optional.of(new UsageDrain("x", "y", Instant.EPOCH, 0)));
        }
        try (Connection raw = rawConnection(); Statement statement = raw.createStatement()) {
            statement.execute("INSERT INTO usage_schema (version, description, applied_at) VALUES (99, 'future', 0)");
            raw.commit();
        }
        try (JdbcUsageStoreAdapter store = reopen()) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.cliproxy.control.domain.error.StorageException.class,
                    () -> store.store(UsageRecords.random(new Random(2), 1, 1), Optional.empty()));
            assertTrue(refused.detail().orElseThrow().contains("newer than this program knows"),
                    refused.detail().orElseThrow());
        }
    }

    /** A second store on the database of the last {@link #newStore()}, as a restarted server opens it. */
    abstract JdbcUsageStoreAdapter reopen() throws Exception;

    static UsageQuery randomQuery(Random random) {
        long a = (long) (random.nextDouble() * UsageRecords.SPAN_MS);
        long b = (long) (random.nextDouble() * UsageRecords.SPAN_MS);
        if (random.nextInt(4) == 0) {
            // within one hour
            b = a + random.nextInt(3_600_000);
        }
        List<UsageGrouping> groupings = new ArrayList<>(Arrays.asList(UsageGrouping.values()));
        Collections.shuffle(groupings, random);
        return new UsageQuery(UsageRecords.START.plusMillis(Math.min(a, b)),
                UsageRecords.START.plusMillis(Math.max(a, b) + 1), groupings.subList(0, random.nextInt(4)));
    }
}
