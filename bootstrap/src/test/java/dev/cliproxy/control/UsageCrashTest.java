package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.UsageGroup;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTotals;
import dev.cliproxy.control.testing.StandInUsage;
import dev.cliproxy.control.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice, over a fleet: three stand-in proxies (this machine's and two registered fleet
 * instances on their own ports, each its own process) make usage records at steady rates with the same request ids
 * ({@code stand-in-<n>}, at nearly the same instants) and note every batch they hand out; a control server (its own
 * JVM, collecting into {@code cliproxy/usage.db}) is killed with SIGKILL while it drains them all, twice, and a
 * third one drains the rest. For each instance, every record stored was handed out by that instance's stand-in,
 * none twice, each batch handed out is stored whole or lost whole, and at most one batch per kill is lost: the one
 * in flight (handed out, not yet committed; maybe answered to the dead collector after it died, so it is told by
 * what is stored rather than by when the kill came). The report's sums per instance are exactly those of its records
 * stored.
 */
class UsageCrashTest {

    private static final int TOTAL = 3000;
    private static final int KILLS = 2;
    private static final String KEY = "fleet-usage-key-5d1e";
    /** Records a second of each instance's stand-in. */
    private static final Map<String, Integer> RATES = Map.of(UsageRecord.LOCAL, 400, "home", 300, "office", 500);

    @TempDir
    Path temp;

    @Test
    void aKilledCollectorLosesAtMostTheBatchInFlightOfEachInstanceAndCountsNothingTwice() throws Exception {
        StandInFixture fixture = new StandInFixture(temp.resolve("local")).config("stand-in-usage-rate: "
                + RATES.get(UsageRecord.LOCAL), "stand-in-usage-total: " + TOTAL, "remote-management:",
                "  secret-key: \"ccs\"");
        Map<String, Path> ledgers = new LinkedHashMap<>();
        ledgers.put(UsageRecord.LOCAL, fixture.layout.cliproxyDirectory().resolve(StandInUsage.LEDGER));
        List<RemoteStandIn> remotes = new ArrayList<>();
        try {
            StringBuilder fleet = new StringBuilder("fleet:\n  instances:\n");
            for (String name : List.of("home", "office")) {
                RemoteStandIn remote = RemoteStandIn.start(temp.resolve(name), KEY, "stand-in-usage-rate: "
                        + RATES.get(name), "stand-in-usage-total: " + TOTAL);
                remotes.add(remote);
                ledgers.put(name, remote.layout.cliproxyDirectory().resolve(StandInUsage.LEDGER));
                fleet.append("    ").append(name).append(": {name: ").append(name).append(", baseUrl: \"")
                        .append(remote.baseUrl()).append("\", managementKey: \"").append(KEY).append("\"}\n");
            }
            Files.writeString(fixture.layout.controlSettingsFile(), "usage:\n  interval: 100ms\n" + fleet);
            StartOutcome started = fixture.control().proxy().start();
            fixture.remember(assertInstanceOf(StartOutcome.Started.class, started, started.toString()).pid());
            for (int kill = 0; kill < KILLS; kill++) {
                Process collector = collector(fixture.layout.ccsDirectory(), kill);
                try {
                    awaitCollected(collector, 1500);
                } finally {
                    collector.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                    collector.waitFor(30, TimeUnit.SECONDS);
                }
            }
            try (CliProxyControl last = fixture.track(fixture.builder().collectUsage(true).build())) {
                Await.until(() -> {
                    last.usage().collectNow();
                    return ledgers.values().stream().allMatch(ledger -> handedOut(ledger).size() == TOTAL);
                }, Duration.ofSeconds(120), "every stand-in to hand out all " + TOTAL + " records");
                last.usage().collectNow();
            }
        } finally {
            remotes.forEach(RemoteStandIn::close);
            fixture.cleanUp();
        }

        List<UsageRecord> stored = new ArrayList<>();
        try (JdbcUsageStoreAdapter store = JdbcUsageStoreAdapter.sqlite(fixture.layout.usageDatabaseFile())) {
            store.export(Instant.EPOCH, Instant.now().plusSeconds(60), stored::add);
            Set<String> keys = new HashSet<>();
            stored.forEach(r -> assertTrue(keys.add(r.instance() + " " + r.requestId()), "stored twice: " + r));
            Map<String, List<UsageRecord>> byInstance = stored.stream()
                    .collect(Collectors.groupingBy(UsageRecord::instance));
            assertEquals(ledgers.keySet(), byInstance.keySet(), "records of every instance, as its own");
            Map<String, UsageTotals> reported = new HashMap<>();
            for (UsageGroup group : store.report(new UsageQuery(Instant.EPOCH, Instant.now().plusSeconds(60),
                    List.of(UsageGrouping.INSTANCE))).groups()) {
                reported.put(group.key(), group.totals());
            }
            StringBuilder summary = new StringBuilder("usage crash test over a fleet of " + ledgers.size() + ":");
            for (Map.Entry<String, Path> instance : ledgers.entrySet()) {
                String name = instance.getKey();
                List<String> handedOut = handedOut(instance.getValue());
                assertEquals(TOTAL, new HashSet<>(handedOut).size(), name + ": its stand-in hands each out once");
                Set<String> ids = byInstance.get(name).stream().map(UsageRecord::requestId)
                        .collect(Collectors.toSet());
                assertTrue(new HashSet<>(handedOut).containsAll(ids), name + ": only records its proxy handed out");
                int lostBatches = 0;
                for (List<String> batch : batches(instance.getValue())) {
                    long kept = batch.stream().filter(ids::contains).count();
                    assertTrue(kept == 0 || kept == batch.size(), name + ": a batch stored whole or not at all");
                    lostBatches += kept == 0 ? 1 : 0;
                }
                assertTrue(lostBatches <= KILLS, name + ": at most the batch in flight at each kill is lost, "
                        + lostBatches + " were");
                int lost = TOTAL - ids.size();
                UsageTotals totals = reported.get(name);
                assertEquals(ids.size(), totals.requests(), name);
                assertEquals(ids.stream().mapToLong(id -> StandInUsage.inputTokens(StandInUsage.number(id))).sum(),
                        totals.inputTokens(), name + ": each record's tokens counted once");
                assertEquals(ids.stream().mapToLong(id -> StandInUsage.outputTokens(StandInUsage.number(id))).sum(),
                        totals.outputTokens(), name);
                assertEquals(ids.stream().filter(id -> StandInUsage.failed(StandInUsage.number(id))).count(),
                        totals.failures(), name);
                summary.append(' ').append(name).append(' ').append(TOTAL).append(" handed out, ").append(ids.size())
                        .append(" stored, ").append(lost).append(" lost in ").append(lostBatches)
                        .append(" batches in flight;");
            }
            System.out.println(summary + " " + KILLS + " kills");
        }
    }

    /** The batches a stand-in handed out, one per pop, in order (none yet: empty). */
    private static List<List<String>> batches(Path ledger) {
        try {
            if (!Files.exists(ledger)) {
                return List.of();
            }
            return Files.readAllLines(ledger).stream().filter(line -> !line.isBlank())
                    .map(line -> Arrays.asList(line.split(" "))).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> handedOut(Path ledger) {
        return batches(ledger).stream().flatMap(List::stream).toList();
    }

    private Process collector(Path ccs, int run) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                UsageProcessMain.class.getName(), ccs.toString())
                .redirectError(temp.resolve("collector-" + run + ".err").toFile())
                .start();
    }

    /** Reads the collector's output until it has stored at least {@code count} records, of all instances. */
    private static void awaitCollected(Process collector, long count) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(collector.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("collected ") && Long.parseLong(line.substring(10)) >= count) {
                return;
            }
        }
        throw new AssertionError("the collector ended before storing " + count + " records");
    }
}
