package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times start-to-ready and stop-to-exited with the stand-in proxy (not a test: run it with
 * {@code mvn -B -o -q -pl bootstrap -am -Pbenchmark -DskipTests verify}, optionally {@code -Dbenchmark.runs=N}).
 *
 * <p>The stand-in prints the wall-clock instant its port first answers a health check and the instant its shutdown
 * hook finishes; the benchmark compares them with the instants {@code start()} and {@code stop()} return:
 * <ul>
 *   <li>ready lag = start returned − first health answer (how late readiness is noticed, including recording the
 *       session); also from the instant the answer's last byte was written (the stand-in's JVM sends slower than
 *       the real proxy);</li>
 *   <li>listening lag = start returned − the instant the stand-in's port began to accept (the first instant any
 *       answer was possible: includes the readiness poll's wait);</li>
 *   <li>stop lag = stop returned − stand-in's last act before exit (an upper bound on how late the exit is
 *       noticed: it includes the JVM's own teardown after that act).</li>
 * </ul>
 */
public final class ProxyLifecycleBenchmark {

    private static final Pattern LISTENING = Pattern.compile("stand-in: listening at (\\S+)");
    private static final Pattern FIRST_ANSWER = Pattern.compile("stand-in: first answered at (\\S+)");
    private static final Pattern FIRST_ANSWER_SENT =
            Pattern.compile("stand-in: first answered at \\S+ \\(sent at (\\S+)\\)");
    private static final Pattern EXITING = Pattern.compile("stand-in: exiting at (\\S+)");

    private ProxyLifecycleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("benchmark.runs", 20);
        Path temp = Files.createTempDirectory("cliproxy-benchmark");
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        StandInConfig.write(layout, port);
        Path binary = StandInLauncher.install(temp.resolve("bin"));
        List<Long> startTotal = new ArrayList<>();
        List<Long> readyLag = new ArrayList<>();
        List<Long> sentLag = new ArrayList<>();
        List<Long> listeningLag = new ArrayList<>();
        List<Long> stopTotal = new ArrayList<>();
        List<Long> stopLag = new ArrayList<>();
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                .proxyBinary(binary).build()) {
            for (int i = 0; i < runs + 1; i++) {
                long offset = size(layout.proxyOutputLog(port));
                long begin = System.nanoTime();
                StartOutcome started = control.proxy().start();
                Instant ready = Instant.now();
                long startNanos = System.nanoTime() - begin;
                if (!(started instanceof StartOutcome.Started)) {
                    throw new IllegalStateException("start failed: " + started);
                }
                begin = System.nanoTime();
                StopOutcome stopped = control.proxy().stop();
                Instant returned = Instant.now();
                long stopNanos = System.nanoTime() - begin;
                if (!(stopped instanceof StopOutcome.Stopped)) {
                    throw new IllegalStateException("stop failed: " + stopped);
                }
                String output = Files.readString(layout.proxyOutputLog(port)).substring((int) offset);
                if (i == 0) {
                    continue; // warm-up: class loading on our side
                }
                startTotal.add(startNanos);
                readyLag.add(Duration.between(instant(FIRST_ANSWER, output), ready).toNanos());
                sentLag.add(Duration.between(instant(FIRST_ANSWER_SENT, output), ready).toNanos());
                listeningLag.add(Duration.between(instant(LISTENING, output), ready).toNanos());
                stopTotal.add(stopNanos);
                stopLag.add(Duration.between(instant(EXITING, output), returned).toNanos());
            }
        } finally {
            FileTrees.delete(temp);
        }
        System.out.printf("CLIProxy life cycle with the stand-in proxy, %d runs on %d cores, Java %s%n",
                runs, Runtime.getRuntime().availableProcessors(), Runtime.version());
        report("start() total (launch JVM stand-in .. healthy)", startTotal);
        report("ready lag (first health answer .. start() returned)", readyLag);
        report("ready lag after the send (its last byte written .. start() returned)", sentLag);
        report("listening lag (port open .. start() returned)", listeningLag);
        report("stop() total (SIGTERM .. exit noticed)", stopTotal);
        report("stop lag (stand-in's last act .. stop() returned)", stopLag);
    }

    private static Instant instant(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("the stand-in did not print " + pattern + ":\n" + output);
        }
        return Instant.parse(matcher.group(1));
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted(Comparator.naturalOrder()).toList();
        System.out.printf("  %-52s median %7.1f ms   p90 %7.1f ms   max %7.1f ms%n", what,
                ms(sorted.get(sorted.size() / 2)), ms(sorted.get((int) Math.min(sorted.size() - 1,
                        Math.ceil(sorted.size() * 0.9) - 1))), ms(sorted.getLast()));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
