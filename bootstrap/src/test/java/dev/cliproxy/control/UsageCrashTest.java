package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.domain.model.StartOutcome;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice: the stand-in proxy makes usage records at a steady rate with unique request ids and
 * notes every batch it hands out; a control server (its own JVM, collecting into {@code cliproxy/usage.db}) is
 * killed with SIGKILL while it drains, twice, and a third one drains the rest. Every record stored was handed out,
 * none twice, and the only ones missing are of the one batch in flight at a kill (handed out, not yet committed);
 * the report's sums are exactly those of the records stored.
 */
class UsageCrashTest {

    private static final int TOTAL = 3000;
    private static final int RATE = 400;

    @TempDir
    Path temp;

    @Test
    void aKilledCollectorLosesAtMostTheBatchInFlightAndCountsNothingTwice() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config("stand-in-usage-rate: " + RATE,
                "stand-in-usage-total: " + TOTAL, "remote-management:", "  secret-key: \"ccs\"");
        Path ledger = fixture.layout.cliproxyDirectory().resolve(StandInUsage.LEDGER);
        Files.writeString(fixture.layout.controlSettingsFile(), "usage:\n  interval: 100ms\n");
        List<Set<String>> inFlightAtKills = new ArrayList<>();
        try {
            StartOutcome started = fixture.control().proxy().start();
            fixture.remember(assertInstanceOf(StartOutcome.Started.class, started, started.toString()).pid());
            for (int kill = 0; kill < 2; kill++) {
                Process collector = collector(fixture.layout.ccsDirectory(), kill);
                try {
                    awaitCollected(collector, 600);
                } finally {
                    collector.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                    collector.waitFor(30, TimeUnit.SECONDS);
                }
                List<String> batches = Files.readAllLines(ledger);
                inFlightAtKills.add(new HashSet<>(Arrays.asList(batches.getLast().split(" "))));
            }
            try (CliProxyControl last = fixture.track(fixture.builder().collectUsage(true).build())) {
                Await.until(() -> {
                    last.usage().collectNow();
                    return handedOut(ledger).size() == TOTAL;
                }, Duration.ofSeconds(120), "the stand-in to hand out all " + TOTAL + " records");
                last.usage().collectNow();
            }
        } finally {
            fixture.cleanUp();
        }

        List<String> handedOut = handedOut(ledger);
        assertEquals(TOTAL, new HashSet<>(handedOut).size(), "the stand-in hands each record out once");
        List<UsageRecord> stored = new ArrayList<>();
        try (JdbcUsageStoreAdapter store = JdbcUsageStoreAdapter.sqlite(fixture.layout.usageDatabaseFile())) {
            store.export(Instant.EPOCH, Instant.now().plusSeconds(60), stored::add);
            Set<String> ids = new HashSet<>();
            stored.forEach(r -> assertTrue(ids.add(r.requestId()), "stored twice: " + r.requestId()));
            assertTrue(new HashSet<>(handedOut).containsAll(ids), "only records the proxy handed out");
            Set<String> lost = new HashSet<>(handedOut);
            lost.removeAll(ids);
            Set<String> inFlight = new HashSet<>();
            inFlightAtKills.forEach(inFlight::addAll);
            assertTrue(inFlight.containsAll(lost), "lost only from a batch in flight at a kill: " + lost);
            System.out.println("usage crash test: " + TOTAL + " handed out, " + ids.size() + " stored, "
                    + lost.size() + " lost in flight at " + inFlightAtKills.size() + " kills");

            UsageTotals totals = store.report(new UsageQuery(Instant.EPOCH, Instant.now().plusSeconds(60),
                    List.of())).totals();
            assertEquals(ids.size(), totals.requests());
            assertEquals(ids.stream().mapToLong(id -> StandInUsage.inputTokens(StandInUsage.number(id))).sum(),
                    totals.inputTokens(), "each record's tokens counted once");
            assertEquals(ids.stream().mapToLong(id -> StandInUsage.outputTokens(StandInUsage.number(id))).sum(),
                    totals.outputTokens());
            assertEquals(ids.stream().filter(id -> StandInUsage.failed(StandInUsage.number(id))).count(),
                    totals.failures());
        }
    }

    private static List<String> handedOut(Path ledger) {
        try {
            if (!Files.exists(ledger)) {
                return List.of();
            }
            return Files.readAllLines(ledger).stream().flatMap(line -> Arrays.stream(line.split(" ")))
                    .filter(id -> !id.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Process collector(Path ccs, int run) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                UsageProcessMain.class.getName(), ccs.toString())
                .redirectError(temp.resolve("collector-" + run + ".err").toFile())
                .start();
    }

    /** Reads the collector's output until it has stored at least {@code count} records. */
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
