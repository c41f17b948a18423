package dev.cliproxy.control.adapter.db;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.LatencyBuckets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The usage history's tables, built by numbered migrations applied in order, each in its own transaction, each
 * recorded in {@code usage_schema}: a database is brought from whatever version it has to {@link #LATEST}, keeping
 * its data. A database of a newer version than this program knows is refused (its tables may mean other things).
 */
final class UsageSchema {

    /** The hourly sums' latency columns: one count per {@link LatencyBuckets} bucket. */
    static final List<String> LATENCY_COLUMNS = IntStream.range(0, LatencyBuckets.COUNT)
            .mapToObj(bucket -> "l" + bucket).toList();

    /** What sums are kept by, besides their hour or day (since version 4; the instance was not before). */
    static final String KEY_COLUMNS = "instance, provider, model, account, api_key_hash, api_key_label";
    /** What versions 2 and 3 kept sums by: their migrations stay as they were applied. */
    private static final String KEY_COLUMNS_V2 = "provider, model, account, api_key_hash, api_key_label";
    /** The counting columns of the sums, after their keys. */
    private static final String COUNTS = "requests, failures, input_tokens, output_tokens, reasoning_tokens, "
            + "cached_tokens, " + String.join(", ", LATENCY_COLUMNS);

    /** A table of sums per {@code period} (the start of an hour or day, epoch ms) and the {@code key} columns. */
    private static String sumsTable(String table, String period, String key) {
        return "CREATE TABLE " + table + " (" + period + " BIGINT NOT NULL, "
                + Stream.of(key.split(", ")).map(column -> column + " TEXT NOT NULL, ").collect(Collectors.joining())
                + "requests BIGINT NOT NULL, failures BIGINT NOT NULL, "
                + "input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, reasoning_tokens BIGINT NOT NULL, "
                + "cached_tokens BIGINT NOT NULL, "
                + LATENCY_COLUMNS.stream().map(c -> c + " BIGINT NOT NULL DEFAULT 0").collect(Collectors.joining(", "))
                + ", PRIMARY KEY (" + period + ", " + key + "))";
    }

    /** Fills the hourly sums by {@code key} from the records. */
    private static String hourlyFromRecords(String key) {
        return "INSERT INTO usage_hourly (hour, " + key + ", " + COUNTS + ") SELECT (ts / 3600000) * 3600000, "
                + key + ", COUNT(*), SUM(failed), SUM(input_tokens), SUM(output_tokens), SUM(reasoning_tokens), "
                + "SUM(cached_tokens), " + IntStream.range(0, LatencyBuckets.COUNT).mapToObj(bucket ->
                "SUM(CASE WHEN latency_bucket = " + bucket + " THEN 1 ELSE 0 END)").collect(Collectors.joining(", "))
                + " FROM usage_records GROUP BY (ts / 3600000) * 3600000, " + key;
    }

    /** Fills the daily sums by {@code key} from the hourly ones. */
    private static String dailyFromHourly(String key) {
        return "INSERT INTO usage_daily (day, " + key + ", " + COUNTS + ") SELECT (hour / 86400000) * 86400000, "
                + key + ", " + Stream.of(COUNTS.split(", ")).map(c -> "SUM(" + c + ")")
                .collect(Collectors.joining(", ")) + " FROM usage_hourly GROUP BY (hour / 86400000) * 86400000, "
                + key;
    }

    /** One step of the schema: the statements that bring a database from {@code version - 1} to {@code version}. */
    record Migration(int version, String description, Function<SqlDialect, List<String>> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "records and drains", dialect -> List.of(
                    "CREATE TABLE usage_records ("
                            + "request_id " + dialect.keyType() + " NOT NULL, "
                            + "instance " + dialect.keyType() + " NOT NULL, ts BIGINT NOT NULL, "
                            + "provider TEXT NOT NULL, "
                            + "model TEXT NOT NULL, alias TEXT NOT NULL, endpoint TEXT NOT NULL, "
                            + "auth_type TEXT NOT NULL, account TEXT NOT NULL, auth_index TEXT NOT NULL, "
                            + "api_key_hash TEXT NOT NULL, api_key_label TEXT NOT NULL, latency_ms BIGINT NOT NULL, "
                            + "latency_bucket INTEGER NOT NULL, ttft_ms BIGINT NOT NULL, "
                            + "input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, "
                            + "reasoning_tokens BIGINT NOT NULL, cached_tokens BIGINT NOT NULL, "
                            + "total_tokens BIGINT NOT NULL, failed INTEGER NOT NULL, status_code INTEGER NOT NULL, "
                            // The key leads with the instant: inserts append, and ranges read in order.
                            + "PRIMARY KEY (ts, instance, request_id))" + dialect.clusteredByKey(),
                    "CREATE TABLE usage_drains (instance TEXT NOT NULL PRIMARY KEY, drained_by TEXT NOT NULL, "
                            + "drained_at BIGINT NOT NULL, records INTEGER NOT NULL)")),
            // Reports over a month of a million records scan sums per hour, not the records.
            new Migration(2, "hourly sums", dialect -> List.of(
                    sumsTable("usage_hourly", "hour", KEY_COLUMNS_V2), hourlyFromRecords(KEY_COLUMNS_V2))),
            // ... and per day for the whole days of a range: a month is 30 rows per model, account and key.
            new Migration(3, "daily sums", dialect -> List.of(
                    sumsTable("usage_daily", "day", KEY_COLUMNS_V2), dailyFromHourly(KEY_COLUMNS_V2))),
            // Reports by instance (a fleet's proxies in one store): the sums kept by instance too, rebuilt from the
            // records (neither database changes a primary key in place).
            new Migration(4, "sums by instance", dialect -> List.of(
                    "DROP TABLE usage_daily", "DROP TABLE usage_hourly",
                    sumsTable("usage_hourly", "hour", KEY_COLUMNS), hourlyFromRecords(KEY_COLUMNS),
                    sumsTable("usage_daily", "day", KEY_COLUMNS), dailyFromHourly(KEY_COLUMNS))));

    static final int LATEST = MIGRATIONS.getLast().version();

    private UsageSchema() {
    }

    /** Brings the database of {@code connection} (not in auto-commit) to {@code target}; returns its version. */
    static int migrate(Connection connection, SqlDialect dialect, int target) throws SQLException {
        // Even the first table under the lock: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against itself.
        dialect.lockForMigration(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS usage_schema (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        connection.commit();
        for (Migration migration : MIGRATIONS) {
            if (migration.version() > target) {
                break;
            }
            dialect.lockForMigration(connection);
            int current = version(connection);
            if (current > LATEST) {
                connection.rollback();
                throw new StorageException(ErrorCode.STORAGE_ERROR, "the usage history's database has schema version "
                        + current + ", newer than this program knows (" + LATEST + "): upgrade cliproxy-control");
            }
            if (migration.version() <= current) {
                connection.rollback();
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : migration.statements().apply(dialect)) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement applied = connection.prepareStatement(
                    "INSERT INTO usage_schema (version, description, applied_at) VALUES (?, ?, ?)")) {
                applied.setInt(1, migration.version());
                applied.setString(2, migration.description());
                applied.setLong(3, System.currentTimeMillis());
                applied.executeUpdate();
            }
            connection.commit();
        }
        return version(connection);
    }

    /** The version the database has: the highest migration recorded, 0 for none. */
    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM usage_schema")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
