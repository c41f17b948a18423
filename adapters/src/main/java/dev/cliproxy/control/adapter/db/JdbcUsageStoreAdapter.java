package dev.cliproxy.control.adapter.db;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.LatencyBuckets;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageDimensions;
import dev.cliproxy.control.domain.model.UsageDrain;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.domain.model.UsageTally;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.domain.model.UtcPeriods;
import dev.cliproxy.control.domain.port.UsageStorePort;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The usage history in a SQL database through JDBC: SQLite in one file by default ({@code cliproxy/usage.db}, 0600,
 * write-ahead log, created on the first write: reads before it find nothing and create nothing), or PostgreSQL for a
 * store several servers share. One writer: every write of this instance goes through one connection, one
 * transaction per batch; reads use connections of their own. A record is stored once: its request id, instant and
 * instance are its key ({@code ON CONFLICT DO NOTHING}), which also keeps the records in time order, so that
 * inserts append. Only the records that were new are added to the sums per hour ({@code usage_hourly}) and per day
 * ({@code usage_daily}) that reports read, in the same transaction. A report reads the daily sums for the whole
 * days of its range, the hourly ones for the whole hours around them, and the records themselves for the partial
 * hours at its ends, so any range is exact and a month is a few thousand rows.
 */
public final class JdbcUsageStoreAdapter implements UsageStorePort {

    private static final int SQLITE_BUSY = 5;
    private static final Duration OPEN_BUSY_DEADLINE = Duration.ofSeconds(10);

    private static final int MAX_IDLE_READERS = 4;
    private static final int EXPORT_PAGE = 1000;
    private static final String RECORD_COLUMNS = "request_id, instance, ts, provider, model, alias, endpoint, "
            + "auth_type, account, auth_index, api_key_hash, api_key_label, latency_ms, latency_bucket, ttft_ms, "
            + "input_tokens, output_tokens, reasoning_tokens, cached_tokens, total_tokens, failed, status_code";
    /** The hourly sums' counting columns, each added to on conflict. */
    private static final List<String> SUMS = Stream.concat(Stream.of("requests", "failures",
            "input_tokens", "output_tokens", "reasoning_tokens", "cached_tokens"),
            UsageSchema.LATENCY_COLUMNS.stream()).toList();
    static final String INSERT_RECORD = "INSERT INTO usage_records (" + RECORD_COLUMNS + ") VALUES ("
            + "?, ".repeat(21) + "?) ON CONFLICT (ts, instance, request_id) DO NOTHING";
    private static final String MARK_DRAIN = "INSERT INTO usage_drains (instance, drained_by, drained_at, records) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (instance) DO UPDATE SET drained_by = excluded.drained_by, "
            + "drained_at = excluded.drained_at, records = excluded.records";

    /** The tables of sums: per hour, and per day for the whole days of a range. */
    private enum Period {
        HOUR("usage_hourly", "hour", UtcPeriods.HOUR_MS),
        DAY("usage_daily", "day", UtcPeriods.DAY_MS);

        final String table;
        final String column;
        final long length;
        final String upsert;

        Period(String table, String column, long length) {
            this.table = table;
            this.column = column;
            this.length = length;
            String key = column + ", " + UsageSchema.KEY_COLUMNS;
            this.upsert = "INSERT INTO " + table + " (" + key + ", " + String.join(", ", SUMS) + ") VALUES ("
                    + "?, ".repeat(7 + SUMS.size() - 1) + "?) ON CONFLICT (" + key + ") DO UPDATE SET "
                    + SUMS.stream().map(c -> c + " = " + table + "." + c + " + excluded." + c)
                    .collect(Collectors.joining(", "));
        }

        long start(long epochMillis) {
            return Math.floorDiv(epochMillis, length) * length;
        }
    }

    private static final Comparator<UsageDimensions> SUMS_ORDER = Comparator.comparingLong(UsageDimensions::hour)
            .thenComparing(UsageDimensions::instance).thenComparing(UsageDimensions::provider)
            .thenComparing(UsageDimensions::model)
            .thenComparing(UsageDimensions::account).thenComparing(d -> d.apiKey().hash())
            .thenComparing(d -> d.apiKey().label());

    private final SqlDialect dialect;
    private final String url;
    private final Optional<Path> file;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readersLock = new ReentrantLock();
    /** Guarded by {@link #writeLock}. */
    private Connection writer;
    /**
     * The writer's statements, each prepared once per connection: compiling the sums' upsert (93 columns) cost more
     * than running it for a batch. Guarded by {@link #writeLock}; closed with the writer.
     */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    /** Guarded by {@link #readersLock}. */
    private final Deque<Connection> idleReaders = new ArrayDeque<>();
    private volatile boolean migrated;

    private JdbcUsageStoreAdapter(SqlDialect dialect, String url, Optional<Path> file) {
        this.dialect = dialect;
        this.url = url;
        this.file = file;
    }

    /** The SQLite database in {@code file} (created with mode 0600, and its folder, on the first write). */
    public static JdbcUsageStoreAdapter sqlite(Path file) {
        return new JdbcUsageStoreAdapter(SqlDialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(),
                Optional.of(file.toAbsolutePath()));
    }

    /**
     * The database a JDBC URL names: {@code jdbc:postgresql://host:port/db?user=..&password=..}, or
     * {@code jdbc:sqlite:<file>}. The URL may hold a password: it is never shown in a message.
     */
    public static JdbcUsageStoreAdapter of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new JdbcUsageStoreAdapter(SqlDialect.POSTGRESQL, jdbcUrl, Optional.empty());
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:") && jdbcUrl.length() > "jdbc:sqlite:".length()
                && !jdbcUrl.contains(":memory:")) {
            return sqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
        }
        throw new InvalidInputException(ErrorCode.INVALID_SETTINGS, "the usage database must be a "
                + "jdbc:postgresql://host/database or jdbc:sqlite:<file> URL");
    }

    @Override
    public String kind() {
        return dialect.kind();
    }

    /** The schema version of the database ({@code 0} before the first write of a SQLite file). */
    public int schemaVersion() {
        return read(connection -> UsageSchema.version(connection), 0);
    }

    @Override
    public List<UsageRecord> store(List<UsageRecord> records, Optional<UsageDrain> drain) {
        if (records.isEmpty() && drain.isEmpty()) {
            return List.of();
        }
        return write(connection -> {
            List<UsageRecord> stored = records.isEmpty() ? List.of()
                    : insert(prepared(connection, INSERT_RECORD), records);
            addToSums(connection, stored);
            if (drain.isPresent()) {
                markDrain(prepared(connection, MARK_DRAIN), drain.get());
            }
            return stored;
        });
    }

    /**
     * Inserts the records that are new through {@code insert} (of {@link #INSERT_RECORD}); package-private for the
     * migration test, which writes version 1 rows.
     */
    static List<UsageRecord> insert(PreparedStatement insert, List<UsageRecord> records) throws SQLException {
        // In the key's order: inserts append, and two servers inserting the same requests wait for each other,
        // never deadlock. A stable sort, so that of two records with one key the first is the one kept.
        List<Integer> order = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(records::get, UsageCursor.ORDER));
        for (int position : order) {
            UsageRecord r = records.get(position);
            int i = 0;
            insert.setString(++i, r.requestId());
            insert.setString(++i, r.instance());
            insert.setLong(++i, r.timestamp().toEpochMilli());
            insert.setString(++i, r.provider());
            insert.setString(++i, r.model());
            insert.setString(++i, r.alias());
            insert.setString(++i, r.endpoint());
            insert.setString(++i, r.authType());
            insert.setString(++i, r.account());
            insert.setString(++i, r.authIndex());
            insert.setString(++i, r.apiKey().hash());
            insert.setString(++i, r.apiKey().label());
            insert.setLong(++i, r.latencyMs());
            insert.setInt(++i, r.latencyBucket());
            insert.setLong(++i, r.ttftMs());
            insert.setLong(++i, r.tokens().input());
            insert.setLong(++i, r.tokens().output());
            insert.setLong(++i, r.tokens().reasoning());
            insert.setLong(++i, r.tokens().cached());
            insert.setLong(++i, r.tokens().total());
            insert.setInt(++i, r.failed() ? 1 : 0);
            insert.setInt(++i, r.statusCode());
            insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        boolean[] inserted = new boolean[records.size()];
        for (int i = 0; i < order.size(); i++) {
            inserted[order.get(i)] = counts[i] > 0;
        }
        List<UsageRecord> stored = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (inserted[i]) {
                stored.add(records.get(i));
            }
        }
        return stored;
    }

    /** Adds the new records to the sums of their hours, and those to the sums of their days. */
    private void addToSums(Connection connection, List<UsageRecord> stored) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        // Hashed, then sorted once: a sorted map's comparisons cost more than the rest of the sums.
        Map<UsageDimensions, UsageTally> hours = new HashMap<>();
        for (UsageRecord record : stored) {
            hours.computeIfAbsent(UsageDimensions.of(record), key -> new UsageTally()).add(record);
        }
        Map<UsageDimensions, UsageTally> days = new HashMap<>();
        hours.forEach((key, tally) -> days.computeIfAbsent(key.at(Period.DAY.start(key.hour())),
                day -> new UsageTally()).add(tally));
        upsert(prepared(connection, Period.HOUR.upsert), hours);
        upsert(prepared(connection, Period.DAY.upsert), days);
    }

    private static void upsert(PreparedStatement upsert, Map<UsageDimensions, UsageTally> sums) throws SQLException {
        // Sorted for the same reason as the records: one lock order for every writer.
        List<UsageDimensions> keys = new ArrayList<>(sums.keySet());
        keys.sort(SUMS_ORDER);
        for (UsageDimensions key : keys) {
            UsageTally tally = sums.get(key);
            int i = 0;
            upsert.setLong(++i, key.hour());
            upsert.setString(++i, key.instance());
            upsert.setString(++i, key.provider());
            upsert.setString(++i, key.model());
            upsert.setString(++i, key.account());
            upsert.setString(++i, key.apiKey().hash());
            upsert.setString(++i, key.apiKey().label());
            var totals = tally.totals();
            upsert.setLong(++i, totals.requests());
            upsert.setLong(++i, totals.failures());
            upsert.setLong(++i, totals.inputTokens());
            upsert.setLong(++i, totals.outputTokens());
            upsert.setLong(++i, totals.reasoningTokens());
            upsert.setLong(++i, totals.cachedTokens());
            for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
                upsert.setLong(++i, tally.latencies(bucket));
            }
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    private static void markDrain(PreparedStatement mark, UsageDrain drain) throws SQLException {
        mark.setString(1, drain.instance());
        mark.setString(2, drain.by());
        mark.setLong(3, drain.at().toEpochMilli());
        mark.setInt(4, drain.records());
        mark.executeUpdate();
    }

    /**
     * The writer's statement of {@code sql}, prepared on its first use; under {@link #writeLock}. A failed write
     * drops the writer with its statements ({@link #dropWriter}), so no batch left half-sent is reused.
     */
    private PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    @Override
    public UsageReport report(UsageQuery query) {
        UsageReport.Builder report = UsageReport.builder(query);
        long from = query.from().toEpochMilli();
        long to = query.to().toEpochMilli();
        long firstHour = ceiling(from, Period.HOUR);
        long endOfHours = Period.HOUR.start(to);
        // Days serve unless the report is by hour; partial days at the ends come from hours, partial hours from
        // the records themselves: every request of the range is counted once, whatever its bounds.
        boolean days = !query.groupBy().contains(UsageGrouping.HOUR);
        long firstDay = ceiling(firstHour, Period.DAY);
        long endOfDays = Period.DAY.start(endOfHours);
        List<String> dimensions = dimensionColumns(query.groupBy());
        return read(connection -> {
            if (firstHour >= endOfHours) {
                sumRecords(connection, dimensions, from, to, report);
                return report.build();
            }
            sumRecords(connection, dimensions, from, firstHour, report);
            if (days && firstDay < endOfDays) {
                sumPeriods(connection, Period.HOUR, dimensions, firstHour, firstDay, report);
                sumPeriods(connection, Period.DAY, dimensions, firstDay, endOfDays, report);
                sumPeriods(connection, Period.HOUR, dimensions, endOfDays, endOfHours, report);
            } else {
                sumPeriods(connection, Period.HOUR, dimensions, firstHour, endOfHours, report);
            }
            sumRecords(connection, dimensions, endOfHours, to, report);
            return report.build();
        }, report.build());
    }

    /** The first start of a period at or after {@code epochMillis}. */
    private static long ceiling(long epochMillis, Period period) {
        long start = period.start(epochMillis);
        return start == epochMillis ? start : start + period.length;
    }

    /** The columns a report's groupings need ({@code hour} for days and hours). */
    private static List<String> dimensionColumns(List<UsageGrouping> groupBy) {
        Set<String> columns = new LinkedHashSet<>();
        for (UsageGrouping grouping : groupBy) {
            switch (grouping) {
                case DAY, HOUR -> columns.add("hour");
                case PROVIDER -> columns.add("provider");
                case MODEL -> columns.add("model");
                case ACCOUNT -> columns.add("account");
                case INSTANCE -> columns.add("instance");
                case API_KEY -> {
                    columns.add("api_key_hash");
                    columns.add("api_key_label");
                }
            }
        }
        return List.copyOf(columns);
    }

    private static void sumPeriods(Connection connection, Period period, List<String> dimensions, long from, long to,
                                   UsageReport.Builder report) throws SQLException {
        if (from >= to) {
            return;
        }
        List<String> columns = dimensions.stream().map(c -> c.equals("hour") ? period.column : c).toList();
        String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String sql = "SELECT " + select + SUMS.stream().map(c -> "SUM(" + c + ")").collect(Collectors.joining(", "))
                + " FROM " + period.table + " WHERE " + period.column + " >= ? AND " + period.column + " < ?"
                + (columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns));
        List<Sum> sums = query(connection, sql, range(from, to), rows -> {
            int column = dimensions.size();
            UsageTally tally = sums(rows, column);
            for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
                tally.addLatencies(bucket, rows.getLong(column + 7 + bucket));
            }
            return new Sum(dimensions(rows, dimensions), tally);
        });
        for (Sum sum : sums) {
            if (sum.tally().requests() != 0) {
                report.add(sum.dimensions(), sum.tally());
            }
        }
    }

    private static void sumRecords(Connection connection, List<String> dimensions, long from, long to,
                                   UsageReport.Builder report) throws SQLException {
        if (from >= to) {
            return;
        }
        List<String> columns = dimensions.stream()
                .map(c -> c.equals("hour") ? "(ts / 3600000) * 3600000" : c).toList();
        String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String sql = "SELECT " + select + "COUNT(*), SUM(failed), SUM(input_tokens), SUM(output_tokens), "
                + "SUM(reasoning_tokens), SUM(cached_tokens), latency_bucket FROM usage_records "
                + "WHERE ts >= ? AND ts < ? GROUP BY " + select + "latency_bucket";
        List<Sum> sums = query(connection, sql, range(from, to), rows -> {
            int column = dimensions.size();
            UsageTally tally = sums(rows, column);
            tally.addLatencies(rows.getInt(column + 7), tally.requests());
            return new Sum(dimensions(rows, dimensions), tally);
        });
        sums.forEach(sum -> report.add(sum.dimensions(), sum.tally()));
    }

    /** A row of sums: what it is the sums of, and the sums. */
    private record Sum(UsageDimensions dimensions, UsageTally tally) {
    }

    /** The six sums that follow the first {@code before} columns. */
    private static UsageTally sums(ResultSet rows, int before) throws SQLException {
        return new UsageTally().addSums(rows.getLong(before + 1), rows.getLong(before + 2),
                rows.getLong(before + 3), rows.getLong(before + 4), rows.getLong(before + 5),
                rows.getLong(before + 6));
    }

    private static UsageDimensions dimensions(ResultSet rows, List<String> columns) throws SQLException {
        long hour = 0;
        String instance = "";
        String provider = "";
        String model = "";
        String account = "";
        String keyHash = "";
        String keyLabel = "";
        for (int i = 0; i < columns.size(); i++) {
            switch (columns.get(i)) {
                case "hour" -> hour = rows.getLong(i + 1);
                case "instance" -> instance = rows.getString(i + 1);
                case "provider" -> provider = rows.getString(i + 1);
                case "model" -> model = rows.getString(i + 1);
                case "account" -> account = rows.getString(i + 1);
                case "api_key_hash" -> keyHash = rows.getString(i + 1);
                default -> keyLabel = rows.getString(i + 1);
            }
        }
        return new UsageDimensions(hour, instance, provider, model, account, new ApiKeyIdentity(keyHash, keyLabel));
    }

    @Override
    public UsagePage page(UsagePageQuery query) {
        return read(connection -> {
            String sql = "SELECT " + RECORD_COLUMNS + " FROM usage_records WHERE ts >= ? AND ts < ?"
                    + (query.after().isPresent() ? " AND (ts > ? OR (ts = ? AND (instance > ? OR (instance = ? AND"
                    + " request_id > ?))))" : "")
                    + " ORDER BY ts, instance, request_id LIMIT ?";
            List<UsageRecord> records = query(connection, sql, statement -> {
                int i = 0;
                statement.setLong(++i, query.from().toEpochMilli());
                statement.setLong(++i, query.to().toEpochMilli());
                if (query.after().isPresent()) {
                    UsageCursor after = query.after().get();
                    statement.setLong(++i, after.timestamp());
                    statement.setLong(++i, after.timestamp());
                    statement.setString(++i, after.instance());
                    statement.setString(++i, after.instance());
                    statement.setString(++i, after.requestId());
                }
                statement.setInt(++i, query.limit() + 1);
            }, JdbcUsageStoreAdapter::record);
            return UsagePage.of(records, query.limit());
        }, new UsagePage(List.of(), Optional.empty()));
    }

    private static UsageRecord record(ResultSet rows) throws SQLException {
        return new UsageRecord(rows.getString("request_id"), rows.getString("instance"),
                Instant.ofEpochMilli(rows.getLong("ts")), rows.getString("provider"), rows.getString("model"),
                rows.getString("alias"), rows.getString("endpoint"), rows.getString("auth_type"),
                rows.getString("account"), rows.getString("auth_index"),
                new ApiKeyIdentity(rows.getString("api_key_hash"), rows.getString("api_key_label")),
                rows.getLong("latency_ms"), rows.getLong("ttft_ms"),
                new UsageTokens(rows.getLong("input_tokens"), rows.getLong("output_tokens"),
                        rows.getLong("reasoning_tokens"), rows.getLong("cached_tokens"), rows.getLong("total_tokens")),
                rows.getInt("failed") != 0, rows.getInt("status_code"));
    }

    @Override
    public void export(Instant from, Instant to, Consumer<UsageRecord> sink) {
        // Page by page: no read transaction stays open while the sink writes to a slow client.
        Optional<UsageCursor> after = Optional.empty();
        do {
            UsagePage page = page(new UsagePageQuery(from, to, after, EXPORT_PAGE));
            page.records().forEach(sink);
            after = page.next();
        } while (after.isPresent());
    }

    @Override
    public long prune(Instant before) {
        if (!exists()) {
            return 0;
        }
        long cutoff = UtcPeriods.dayOf(before.toEpochMilli());
        return write(connection -> {
            long removed = deleteBefore(connection, "usage_records", "ts", cutoff);
            for (Period period : Period.values()) {
                deleteBefore(connection, period.table, period.column, cutoff);
            }
            return removed;
        });
    }

    /** Deletes the rows of {@code table} whose {@code column} is before {@code cutoff}; how many. */
    private static int deleteBefore(Connection connection, String table, String column, long cutoff)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + column
                + " < ?")) {
            delete.setLong(1, cutoff);
            return delete.executeUpdate();
        }
    }

    @Override
    public Optional<UsageDrain> lastDrain(String instance) {
        return read(connection -> query(connection,
                "SELECT drained_by, drained_at, records FROM usage_drains WHERE instance = ?",
                statement -> statement.setString(1, instance),
                rows -> new UsageDrain(instance, rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)),
                        rows.getInt(3))).stream().findFirst(), Optional.empty());
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            dropWriter();
        } finally {
            writeLock.unlock();
        }
        readersLock.lock();
        try {
            idleReaders.forEach(JdbcUsageStoreAdapter::closeQuietly);
            idleReaders.clear();
        } finally {
            readersLock.unlock();
        }
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Makes a value of a result's current row. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** The rows {@code sql} answers, its parameters set by {@code binder}, each made a value by {@code mapper}. */
    private static <T> List<T> query(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(mapper.map(rows));
                }
                return values;
            }
        }
    }

    /** The binder of a range's two bounds, the query's only parameters. */
    private static Binder range(long from, long to) {
        return statement -> {
            statement.setLong(1, from);
            statement.setLong(2, to);
        };
    }

    /** Work on a connection that may throw what JDBC throws. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * {@code work} in one transaction of the writer connection, committed when it returns, rolled back when it
     * throws. Creates the database (and migrates it) first when needed.
     */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            Connection connection = writer();
            // Idle in auto-commit: SQLite's driver begins the next transaction at once after a commit, which for
            // the writer (BEGIN IMMEDIATE) would hold the write lock against every other writer of the file.
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The connection may be broken (a PostgreSQL restart): the next write opens another.
            dropWriter();
            throw failure("writing", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code work} on a reader connection; {@code absent} when the SQLite file does not exist yet. */
    <T> T read(Work<T> work, T absent) {
        if (!exists()) {
            return absent;
        }
        ensureMigrated();
        Connection connection = null;
        try {
            connection = borrowReader();
            T result = work.run(connection);
            connection.commit();
            giveBack(connection);
            return result;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure("reading", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private boolean exists() {
        return file.map(Files::exists).orElse(true);
    }

    private void ensureMigrated() {
        if (!migrated) {
            write(connection -> null);
        }
    }

    /** Closes the writer and its statements; under {@link #writeLock}. */
    private void dropWriter() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // gone with the connection
            }
        }
        prepared.clear();
        closeQuietly(writer);
        writer = null;
    }

    /** Under {@link #writeLock}. */
    private Connection writer() throws SQLException {
        if (writer == null || writer.isClosed()) {
            dropWriter();
            if (file.isPresent()) {
                createPrivateFile(file.get());
            }
            Connection connection = open(true);
            try {
                if (!migrated) {
                    UsageSchema.migrate(connection, dialect, UsageSchema.LATEST);
                    migrated = true;
                }
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
            writer = connection;
        }
        return writer;
    }

    private Connection borrowReader() throws SQLException {
        readersLock.lock();
        try {
            Connection idle = idleReaders.pollFirst();
            if (idle != null) {
                return idle;
            }
        } finally {
            readersLock.unlock();
        }
        return open(false);
    }

    private void giveBack(Connection connection) {
        readersLock.lock();
        try {
            if (idleReaders.size() < MAX_IDLE_READERS) {
                idleReaders.addFirst(connection);
                return;
            }
        } finally {
            readersLock.unlock();
        }
        closeQuietly(connection);
    }

    private Connection open(boolean writing) throws SQLException {
        Properties properties = new Properties();
        if (dialect == SqlDialect.SQLITE) {
            properties.setProperty("journal_mode", "WAL");
            // Nothing committed is lost when this process dies, even by SIGKILL, without an fsync per commit: in WAL
            // mode a commit is complete once its frames (ending in a commit frame) are written to the -wal file, and
            // a write() that returned is in the kernel's page cache, which outlives the process; the next opener
            // replays the log. NORMAL leaves out only the fsync at commit (checkpoints still sync), so only a crash
            // of the machine itself could lose the last commits, never corrupt the file. FULL would add an fsync
            // per batch, which a process crash does not need.
            properties.setProperty("synchronous", "NORMAL");
            properties.setProperty("busy_timeout", "10000");
            // 32 MB of pages (SQLite's default is 2 MB).
            properties.setProperty("cache_size", "-32768");
            if (writing) {
                // A checkpoint (copying the log into the database, with an fsync) every 40 MB of log rather than
                // SQLite's 4 MB: ingest of a backlog stops less often to sync.
                properties.setProperty("wal_autocheckpoint", "10000");
                // Take the write lock when a transaction begins: two writers never deadlock upgrading a read.
                properties.setProperty("transaction_mode", "IMMEDIATE");
            }
        }
        Connection connection = dialect == SqlDialect.SQLITE ? openSqlite(properties)
                : DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * The driver applies the pragmas before its busy timeout holds, so opening while another server commits to the
     * same file can answer SQLITE_BUSY at once: tried again within the same 10 s the busy timeout gives a statement.
     */
    private Connection openSqlite(Properties properties) throws SQLException {
        long deadline = System.nanoTime() + OPEN_BUSY_DEADLINE.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                if (e.getErrorCode() != SQLITE_BUSY || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The SQLite file, created empty with mode 0600 before SQLite opens it (its -wal and -shm files follow it). */
    private static void createPrivateFile(Path path) throws SQLException {
        try {
            Files.createDirectories(path.getParent());
            try {
                if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(path, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(path);
                }
            } catch (FileAlreadyExistsException e) {
                // made by an earlier run, or by another server of this CCS directory
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the usage database file: " + e.getClass().getSimpleName(), e);
        }
    }

    private StorageException failure(String what, SQLException e) {
        // The message names no path or URL (which may hold a password); the cause goes to the log.
        return new StorageException(ErrorCode.STORAGE_ERROR, what + " the usage history (" + dialect.kind()
                + ") failed" + (e.getSQLState() == null ? "" : ", SQL state " + e.getSQLState()), e);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone with the connection
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing is all that was left to do
            }
        }
    }
}
