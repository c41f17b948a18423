package dev.cliproxy.control.adapter.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage history in SQLite: the contract, and what only a file has (its mode, its lazy creation, sharing). */
class SqliteUsageStoreTest extends UsageStoreContract {

    @TempDir
    Path temp;
    private Path file;

    @Override
    JdbcUsageStoreAdapter newStore() {
        file = temp.resolve("cliproxy").resolve("usage-" + System.nanoTime() + ".db");
        return JdbcUsageStoreAdapter.sqlite(file);
    }

    @Override
    JdbcUsageStoreAdapter reopen() {
        return JdbcUsageStoreAdapter.sqlite(file);
    }

    @Override
    Connection rawConnection() throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Test
    void readsCreateNoFileAndTheFirstWriteCreatesAPrivateOne() throws Exception {
        try (JdbcUsageStoreAdapter store = newStore()) {
            UsageQuery query = new UsageQuery(UsageRecords.START, UsageRecords.START.plusSeconds(3600),
                    List.of(UsageGrouping.MODEL));
            assertEquals(0, store.report(query).totals().requests());
            assertEquals(List.of(), store.page(new UsagePageQuery(query.from(), query.to(), Optional.empty(), 10))
                    .records());
            assertEquals(Optional.empty(), store.lastDrain("local"));
            assertEquals(0, store.prune(UsageRecords.START));
            assertEquals(0, store.schemaVersion());
            assertFalse(Files.exists(file), "nothing collected, nothing created");

            store.store(UsageRecords.random(new Random(5), 10, 100), Optional.empty());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(UsageSchema.LATEST, store.schemaVersion());
            try (var listing = Files.list(file.getParent())) {
                for (Path sibling : listing.toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sibling)),
                            sibling.getFileName() + " (the write-ahead log follows the database's mode)");
                }
            }
        }
    }

    @Test
    void twoServersOnOneFileShareItWithoutLosingAWrite() throws Exception {
        newStore().close();
        List<List<UsageRecord>> batches = new ArrayList<>();
        List<UsageRecord> seen = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 40; i++) {
            batches.add(UsageRecords.random(random, 50, 1_000_000, seen));
        }
        long distinct = batches.stream().flatMap(List::stream).map(UsageCursor::of).distinct().count();
        try (JdbcUsageStoreAdapter a = reopen(); JdbcUsageStoreAdapter b = reopen();
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                JdbcUsageStoreAdapter store = i % 2 == 0 ? a : b;
                List<UsageRecord> batch = batches.get(i);
                writes.add(pool.submit(() -> store.store(batch, Optional.empty())));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            UsageQuery all = new UsageQuery(UsageRecords.START, UsageRecords.START.plusMillis(UsageRecords.SPAN_MS),
                    List.of());
            assertEquals(distinct, a.report(all).totals().requests());
            assertEquals(distinct, b.report(all).totals().requests());
        }
    }

    @Test
    void aUrlNamesTheDatabase() {
        assertEquals("sqlite", JdbcUsageStoreAdapter.of("jdbc:sqlite:" + temp.resolve("x.db")).kind());
        assertEquals("postgresql", JdbcUsageStoreAdapter.of("jdbc:postgresql://127.0.0.1:1/db").kind());
        for (String bad : List.of("jdbc:mysql://x/y", "jdbc:sqlite:", "jdbc:sqlite::memory:", "postgres://x")) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.cliproxy.control.domain.error.InvalidInputException.class, () -> JdbcUsageStoreAdapter.of(bad));
            assertTrue(refused.detail().orElseThrow().contains("jdbc:postgresql://"));
        }
    }
}
