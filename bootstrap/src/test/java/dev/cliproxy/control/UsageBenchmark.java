package dev.cliproxy.control;

import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.domain.model.UsageTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Benchmark of the usage history's store (not a test): ingests N records (default 1,000,000) spread over 30 days
 * through the store the collector uses, in batches as the collector commits them, then times the reports a
 * dashboard asks for and measures the database's size.
 *
 * <pre>
 * bootstrap/benchmark/usage.sh [--records 1000000] [--batch 1000] [--runs 20] [--db jdbc:postgresql://...]
 * </pre>
 */
public final class UsageBenchmark {

    private static final List<String> PROVIDERS = List.of("gemini", "codex", "claude", "agy");
    private static final List<String> MODELS = List.of("gemini-2.5-pro", "gemini-2.5-flash", "gpt-5", "gpt-5-codex",
            "o3", "claude-sonnet-4", "claude-opus-4", "gemini-3-pro", "gpt-5-mini", "claude-haiku-4");
    private static final Duration SPAN = Duration.ofDays(30);

    private UsageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = option(args, "--records", 1_000_000);
        int batch = option(args, "--batch", 1000);
        int runs = option(args, "--runs", 20);
        String url = text(args, "--db");
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version());
        Path folder = Files.createTempDirectory("usage-benchmark");
        Path file = folder.resolve("usage.db");
        try (JdbcUsageStoreAdapter store = url == null ? JdbcUsageStoreAdapter.sqlite(file)
                : JdbcUsageStoreAdapter.of(url)) {
            Instant end = Instant.parse("2026-11-30T00:00:00Z");
            Instant start = end.minus(SPAN);
            System.out.printf(Locale.ROOT, "store: %s; %,d records over 30 days, batches of %,d%n", store.kind(),
                    records, batch);

            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Random random = new Random(21);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long ingestNanos = 0;
            long lastTenthNanos = 0;
            long cpuNanos = 0;
            for (int done = 0; done < records; done += batch) {
                List<UsageRecord> next = new ArrayList<>(batch);
                for (int i = done; i < Math.min(records, done + batch); i++) {
                    next.add(record(random, start, i, records));
                }
                long t0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                store.store(next, Optional.empty());
                long took = System.nanoTime() - t0;
                cpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
                ingestNanos += took;
                if (done >= records - records / 10) {
                    lastTenthNanos += took;
                }
            }
            double perSecond = records / (ingestNanos / 1e9);
            double lastTenth = (records / 10) / (lastTenthNanos / 1e9);

            UsageQuery aligned = new UsageQuery(start, end, List.of(UsageGrouping.DAY, UsageGrouping.MODEL));
            UsageQuery unaligned = new UsageQuery(start.plusSeconds(1234), end.minusSeconds(987),
                    List.of(UsageGrouping.DAY, UsageGrouping.MODEL));
            UsageQuery byAccount = new UsageQuery(start, end, List.of(UsageGrouping.ACCOUNT, UsageGrouping.API_KEY));
            UsageQuery lastHour = new UsageQuery(end.minusSeconds(3600), end, List.of(UsageGrouping.MODEL));
            UsageReport report = store.report(aligned);
            if (report.totals().requests() != records) {
                throw new IllegalStateException("the report counts " + report.totals().requests() + " records");
            }
            System.out.println();
            System.out.println("| measure | result |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| ingest, %,d records in batches of %,d | %,.0f records/s |%n", records,
                    batch, perSecond);
            System.out.printf(Locale.ROOT, "| ingest, the last tenth (index already large) | %,.0f records/s |%n",
                    lastTenth);
            System.out.printf(Locale.ROOT, "| ingest per second of the writer thread's CPU (what a core free for it"
                    + " would do) | %,.0f records/s |%n", records / (cpuNanos / 1e9));
            System.out.printf(Locale.ROOT, "| load average (1 min) before and after the ingest | %.1f, %.1f |%n",
                    loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            time("30 days by day by model (" + report.groups().size() + " groups), whole hours", store, aligned, runs);
            time("30 days by day by model, range starting and ending mid-hour", store, unaligned, runs);
            time("30 days by account by API key", store, byAccount, runs);
            time("the last hour by model (records, no sums)", store, lastHour, runs);
            if (url == null) {
                try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                     Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                long bytes = size(folder);
                System.out.printf(Locale.ROOT, "| database size (usage.db after a checkpoint) | %,.1f MB, %,.0f MB"
                        + " per million records, %,.0f bytes per record |%n", bytes / 1e6,
                        bytes / 1e6 * 1_000_000 / records, (double) bytes / records);
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * Record {@code i} of {@code total}: spread evenly over the 30 days, ids like the proxy's (UUIDs), ten models of
     * four providers, each provider's requests on one of its own two accounts, three API keys: about 60 model,
     * account and key combinations, each active every hour, as a busy team's proxy sees them.
     */
    private static UsageRecord record(Random random, Instant start, int i, int total) {
        long offset = (long) ((double) i / total * SPAN.toMillis()) + random.nextInt(1000);
        int model = random.nextInt(MODELS.size());
        int provider = model % PROVIDERS.size();
        int key = random.nextInt(3);
        long input = 200 + random.nextInt(20_000);
        long output = 50 + random.nextInt(4000);
        boolean failed = random.nextInt(50) == 0;
        long latency = 300 + (long) (Math.abs(random.nextGaussian()) * 4000);
        return new UsageRecord(new UUID(random.nextLong(), random.nextLong()).toString(), UsageRecord.LOCAL,
                start.plusMillis(Math.min(offset, SPAN.toMillis() - 1)), PROVIDERS.get(provider),
                MODELS.get(model), MODELS.get(model), "POST /v1/chat/completions", "oauth",
                PROVIDERS.get(provider) + "-user" + random.nextInt(2) + "@example.com", provider + "-" + key,
                new ApiKeyIdentity(ApiKeyIdentity.hash("key-" + key), key == 0 ? "ccs" : "api-keys[" + key + "]"),
                latency, latency / 5,
                new UsageTokens(input, output, random.nextInt(500), random.nextInt(8000), input + output), failed,
                failed ? 429 : 200);
    }

    private static void time(String what, JdbcUsageStoreAdapter store, UsageQuery query, int runs) {
        for (int i = 0; i < 3; i++) {
            store.report(query);
        }
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            store.report(query);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "| %s | min %d ms, median %d ms, p90 %d ms (%d runs) |%n", what, millis[0],
                millis[runs / 2], millis[(int) Math.min(runs - 1, Math.ceil(runs * 0.9) - 1)], runs);
    }

    private static long size(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder)) {
            long total = 0;
            for (Path path : files.toList()) {
                total += Files.size(path);
            }
            return total;
        }
    }

    private static int option(String[] args, String name, int fallback) {
        String value = text(args, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String text(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
