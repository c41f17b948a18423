package dev.cliproxy.control.adapter.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The usage history in a real PostgreSQL, through the same code as SQLite: the contract, and several servers
 * writing one database at once. The server is started by this test from Debian's {@code postgresql} package in a
 * temp directory ({@link TemporaryPostgres}); where the package is not installed ({@code apt-get install
 * postgresql}; CI installs it), these tests are skipped, and say so.
 */
class PostgresUsageStoreTest extends UsageStoreContract {

    private static TemporaryPostgres server;
    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        Optional<java.nio.file.Path> bin = TemporaryPostgres.binaries();
        Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb;"
                + " apt-get install postgresql): the PostgreSQL store tests are skipped");
        server = TemporaryPostgres.start(bin.get());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    JdbcUsageStoreAdapter newStore() throws Exception {
        url = server.newDatabase();
        return JdbcUsageStoreAdapter.of(url);
    }

    @Override
    JdbcUsageStoreAdapter reopen() {
        return JdbcUsageStoreAdapter.of(url);
    }

    @Override
    Connection rawConnection() throws Exception {
        Connection connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Test
    void aFleetOfServersWritesOneDatabaseAndCountsEachRequestOnce() throws Exception {
        newStore().close();
        Random random = new Random(17);
        List<List<UsageRecord>> batches = new ArrayList<>();
        List<UsageRecord> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // The same requests reach several servers (a re-read, an import): each is counted once.
            batches.add(UsageRecords.random(random, 80, 1500, seen));
        }
        long distinct = batches.stream().flatMap(List::stream).map(UsageCursor::of).distinct().count();
        List<JdbcUsageStoreAdapter> fleet = List.of(reopen(), reopen(), reopen());
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                JdbcUsageStoreAdapter store = fleet.get(i % fleet.size());
                List<UsageRecord> batch = batches.get(i);
                writes.add(pool.submit(() -> store.store(batch, Optional.empty()).size()));
            }
            long stored = 0;
            for (Future<Integer> write : writes) {
                stored += write.get();
            }
            assertEquals(distinct, stored, "each request new to exactly one server");
            UsageQuery all = new UsageQuery(UsageRecords.START, UsageRecords.START.plusMillis(UsageRecords.SPAN_MS),
                    List.of());
            assertEquals(distinct, fleet.getFirst().report(all).totals().requests());
        } finally {
            fleet.forEach(JdbcUsageStoreAdapter::close);
        }
    }

    @Test
    void aFailureNamesNeitherTheUrlNorItsPassword() {
        try (JdbcUsageStoreAdapter store = JdbcUsageStoreAdapter.of(server.url("no_such_database")
                + "&password=hunter2")) {
            StorageException refused = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                    () -> store.store(UsageRecords.random(new Random(1), 1, 1), Optional.empty()));
            String shown = refused.getMessage() + refused.detail().orElse("");
            assertFalse(shown.contains("hunter2") || shown.contains("127.0.0.1"), shown);
        }
    }
}
