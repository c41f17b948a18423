package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Side-by-side benchmark (not a test) of this server, started by its launcher exactly as the README runs it, and
 * the Node dashboard of {@code @kaitranntt/ccs} ({@code ccs config --port N}), on one generated CCS directory with
 * the stand-in proxy as the proxy binary. Run it with {@code bootstrap/benchmark/compare-with-node.sh}, which builds,
 * installs the pinned Node package and {@code wrk} when missing, and passes the paths below.
 *
 * <p>Order, identical for both servers: the proxy runs (so that {@code proxy-status} and {@code error-logs} take
 * their normal path, and Node's start-up only finds it); a first start, stopped at its first answer; the measured
 * start (exec until the first 200 of {@code proxy-status}); resident memory 2 s later; a {@code wrk} warm-up of
 * every route, then the measured {@code wrk} run of each, each run followed by a wait until the server is idle;
 * resident memory after the load; then {@code proxy-stop} and {@code proxy-start} in turn, timed until each
 * answers. Ours goes first; Node then finds the proxy ours left running.
 *
 * <p>Options: {@code --launcher}, {@code --node}, {@code --ccs-js} (paths), {@code --wrk}, {@code --seconds}
 * (per measured route, default 10), {@code --warmup} (per route, default 5), {@code --threads} / {@code --connections}
 * (wrk, default 2 / 8), {@code --cycles} (start/stop pairs, default 10), {@code --out} (markdown report file),
 * {@code --only ours} (skip Node, to profile our side).
 */
public final class CompareWithNodeBenchmark {

    private static final List<String> ROUTES = List.of("proxy-status", "auth-files", "error-logs", "config.yaml");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    private final Map<String, String> options;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    private CompareWithNodeBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new CompareWithNodeBenchmark(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int number(String name, int fallback) {
        return Integer.parseInt(option(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        Path temp = Files.createTempDirectory("compare-with-node");
        Path home = temp.resolve("home");
        CcsLayout layout = new CcsLayout(home.resolve(".ccs"));
        int proxyPort = freePort();
        try {
            prepare(layout, proxyPort);
            String loadBefore = loadAverage();
            // The proxy runs before either server starts, recorded as this project records it.
            try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                    .startupTimeout(STARTUP_LIMIT).build()) {
                StartOutcome outcome = control.proxy().start();
                if (!(outcome instanceof StartOutcome.Started)) {
                    throw new IllegalStateException("the stand-in proxy did not start: " + outcome);
                }
            }
            int ourPort = freePort();
            Result ours = measure("cliproxy-control", List.of(option("launcher", "bootstrap/target/cliproxy-control"),
                    "--port", String.valueOf(ourPort)), home, layout, ourPort);
            if (option("only", "").equals("ours")) {
                return; // profiling our side: its figures are printed above
            }
            int nodePort = freePort();
            Result node = measure("Node ccs", List.of(option("node", "node"), option("ccs-js", "ccs.js"), "config",
                    "--port", String.valueOf(nodePort)), home, layout, nodePort);
            String report = report(ours, node, loadBefore, loadAverage());
            System.out.println(report);
            Path out = Path.of(option("out", "bootstrap/target/compare-with-node.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("(written to " + out + ")");
        } finally {
            started.forEach(Process::destroyForcibly);
            stopRecordedProxy(layout, proxyPort);
            FileTrees.delete(temp);
        }
    }

    /** The generated CCS directory: the files both servers serve, the stand-in as the proxy binary, the port. */
    private static void prepare(CcsLayout layout, int proxyPort) throws IOException {
        Path ccs = layout.ccsDirectory();
        FilesBenchmark.generate(ccs);
        Files.writeString(layout.ccsConfigFile(), ccsSettings(proxyPort));
        // The proxy config in the layout Node 7.79.1 generates (so it never regenerates it), bound to loopback.
        // Node serves cliproxy/config.yaml whatever the port; this project serves the current port's file: same bytes.
        String config = proxyConfig(layout, proxyPort);
        Files.writeString(layout.proxyConfigFile(proxyPort), config);
        Files.writeString(layout.proxyConfigFile(CcsLayout.DEFAULT_PROXY_PORT), config);
        StandInLauncher.install(layout.binaryDirectory(Backend.ORIGINAL));
    }

    /** The CLI's settings as `ccs` writes them (Node refuses a file without {@code version}), naming the proxy's port. */
    static String ccsSettings(int proxyPort) {
        return """
                # CCS Unified Configuration
                version: 13
                accounts: {}
                profiles: {}
                cliproxy:
                  backend: original
                  oauth_accounts: {}
                  variants: {}
                  logging:
                    enabled: false
                    request_log: false
                  auto_sync: false
                cliproxy_server:
                  remote:
                    enabled: false
                    host: ""
                    protocol: http
                    auth_token: ""
                  local:
                    port: %d
                    auto_start: true
                preferences:
                  theme: system
                  telemetry: false
                  auto_update: false
                """.formatted(proxyPort);
    }

    private static String proxyConfig(CcsLayout layout, int port) {
        StringBuilder text = new StringBuilder("""
                # CLIProxyAPI config generated by CCS v19
                # Supports: gemini, codex, agy, qwen, iflow (concurrent usage)
                # This config is auto-managed by CCS. Manual edits may be overwritten.
                host: "127.0.0.1"
                port: %d
                debug: false
                logging-to-file: false
                request-log: false
                usage-statistics-enabled: true
                remote-management:
                  allow-remote: false
                  secret-key: "ccs"
                  disable-control-panel: false
                  panel-github-repository: "https://github.com/router-for-me/Cli-Proxy-API-Management-Center"
                disable-cooling: true
                request-retry: 0
                max-retry-interval: 0
                quota-exceeded:
                  switch-project: true
                  switch-preview-model: true
                routing:
                  strategy: round-robin
                  session-affinity: false
                  session-affinity-ttl: "1h"
                api-keys:
                  - "ccs-internal-managed"
                auth-dir: "%s"
                oauth-model-alias:
                  antigravity:
                """.formatted(port, layout.ccsDirectory().resolve("cliproxy/auth")));
        for (int i = 0; i < 40; i++) {
            text.append("    - name: gemini-3-pro-high\n      alias: gemini-3-pro-preview-").append(i).append('\n');
        }
        return text.toString();
    }

    private Result measure(String name, List<String> command, Path home, CcsLayout layout, int port)
            throws Exception {
        System.out.printf("== %s: %s%n", name, String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve(name.replace(' ', '-') + ".out").toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("CCS_DIR", layout.ccsDirectory().toString());
        env.put("CI", "1"); // Node: no update check at start-up
        env.put("NO_COLOR", "1");
        String base = "http://127.0.0.1:" + port + "/api/cliproxy/";
        // A first start, then the measured one: the OS file cache is warm for both, and our launcher's class
        // archive exists, as on every start after the first.
        long begin = System.nanoTime();
        Process first = builder.start();
        started.add(first);
        double firstStartMillis = untilFirstAnswer(begin, first, base, name);
        first.destroy();
        first.waitFor();
        begin = System.nanoTime();
        Process server = builder.start();
        started.add(server);
        double coldStartMillis = untilFirstAnswer(begin, server, base, name);
        Thread.sleep(2000);
        double idleRss = rssMegabytes(server.pid());
        Result result = new Result(firstStartMillis, coldStartMillis, idleRss);
        // Every route warmed before any is measured: the JIT (Java's and V8's) compiles the shared request path
        // during the first route's warm-up, which alone would be too short on two busy cores.
        for (String route : ROUTES) {
            check(base + route, route);
            wrk(base + route, number("warmup", 5));
            settle(server.pid());
        }
        for (String route : ROUTES) {
            result.loads.put(route, wrk(base + route, number("seconds", 10)));
            settle(server.pid());
            System.out.printf("  %-13s %s%n", route, result.loads.get(route));
        }
        result.loadedRss = rssMegabytes(server.pid());
        for (int i = 0; i < number("cycles", 10); i++) {
            result.stopMillis.add(timedPost(base + "proxy-stop", "\"stopped\":true"));
            result.startMillis.add(timedPost(base + "proxy-start", "\"started\":true"));
        }
        System.out.printf("  first start %.0f ms, cold start %.0f ms, RSS idle %.0f MB, after load %.0f MB, start %s ms, stop %s ms%n",
                firstStartMillis, coldStartMillis, idleRss, result.loadedRss, result.startMillis, result.stopMillis);
        server.destroy(); // SIGTERM: both stop cleanly on it
        server.waitFor();
        return result;
    }

    /**
     * Waits until the server is idle (under 10% of a core over a quarter second): a server still working off the
     * requests wrk left in flight (Node's slow {@code error-logs}) would otherwise slow the next route's figures.
     */
    private static void settle(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        long before = cpuTicks(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = cpuTicks(pid);
            if (now - before <= 2) { // clock ticks of 10 ms
                return;
            }
            before = now;
        }
    }

    /** User plus system CPU time of a process, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Milliseconds from {@code begin} (just before the exec) until {@code proxy-status} first answers 200. */
    private double untilFirstAnswer(long begin, Process server, String base, String name)
            throws InterruptedException {
        while (!answers200(base + "proxy-status")) {
            if (!server.isAlive() || System.nanoTime() - begin > STARTUP_LIMIT.toNanos()) {
                throw new IllegalStateException(name + " did not answer; see its output beside the CCS directory");
            }
            Thread.sleep(2);
        }
        return (System.nanoTime() - begin) / 1e6;
    }

    /** Fails when a route does not answer what the benchmark means to measure. */
    private void check(String url, String route) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        int expected = switch (route) {
            case "auth-files" -> 50;
            case "error-logs" -> 1000;
            default -> -1;
        };
        long names = Pattern.compile("\"name\"").matcher(response.body()).results().count();
        if (response.statusCode() != 200 || expected >= 0 && names != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " with " + names
                    + " names: " + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    private Load wrk(String url, int seconds) throws Exception {
        Process wrk = new ProcessBuilder(option("wrk", "wrk"), "-t", option("threads", "2"),
                "-c", option("connections", "8"), "-d", seconds + "s", "--timeout", "10s", "--latency", url)
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (non2xx.find() || errors.find()) {
            throw new IllegalStateException("errors under load on " + url + ":\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        Matcher p99 = P99.matcher(output);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        double value = Double.parseDouble(p99.group(1));
        double p99Millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return new Load(Double.parseDouble(rps.group(1)), p99Millis);
    }

    private double timedPost(String url, String expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(STARTUP_LIMIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long begin = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - begin) / 1e6;
        if (response.statusCode() != 200 || !response.body().replace(" ", "").contains(expected)) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return millis;
    }

    private boolean answers200(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String report(Result ours, Result node, String loadBefore, String loadAfter) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s RAM; %s; Node %s; %s; @kaitranntt/ccs %s.%n",
                Runtime.getRuntime().availableProcessors(), memTotal(), javaOf(), firstLine(option("node", "node"),
                        "--version"), firstLine(option("wrk", "wrk"), "-v").replaceFirst(" Copyright.*", ""),
                option("ccs-version", "?")));
        md.append(String.format(Locale.ROOT, "Load average (1, 5, 15 min) before: %s; after: %s. "
                        + "wrk -t%s -c%s, %s s per route after a %s s warm-up; %d start/stop cycles.%n%n",
                loadBefore, loadAfter, option("threads", "2"), option("connections", "8"), option("seconds", "10"),
                option("warmup", "5"), ours.startMillis.size()));
        md.append("| Measure | cliproxy-control | Node dashboard | Ratio |\n|---|---:|---:|---:|\n");
        for (String route : ROUTES) {
            Load o = ours.loads.get(route);
            Load n = node.loads.get(route);
            md.append(row("`" + route + "` requests/s", o.rps, n.rps, "%.0f", o.rps / n.rps, "x"));
            md.append(row("`" + route + "` p99 (ms)", o.p99Millis, n.p99Millis, "%.2f", n.p99Millis / o.p99Millis,
                    "x lower"));
        }
        double ourStart = median(ours.startMillis);
        double nodeStart = median(node.startMillis);
        double ourStop = median(ours.stopMillis);
        double nodeStop = median(node.stopMillis);
        md.append(row("`proxy-start` median (ms)", ourStart, nodeStart, "%.0f", nodeStart / ourStart, "x faster"));
        md.append(row("`proxy-stop` median (ms)", ourStop, nodeStop, "%.0f", nodeStop / ourStop, "x faster"));
        md.append(row("start to first answer, first of two starts (ms)", ours.firstStartMillis,
                node.firstStartMillis, "%.0f", node.firstStartMillis / ours.firstStartMillis, "x faster"));
        md.append(row("cold start to first answer, second start (ms)", ours.coldStartMillis, node.coldStartMillis, "%.0f",
                node.coldStartMillis / ours.coldStartMillis, "x faster"));
        md.append(row("resident memory idle (MB)", ours.idleRss, node.idleRss, "%.0f", ours.idleRss / node.idleRss,
                "x of Node's"));
        md.append(row("resident memory after the load (MB)", ours.loadedRss, node.loadedRss, "%.0f",
                ours.loadedRss / node.loadedRss, "x of Node's"));
        md.append(String.format(Locale.ROOT, "%nStart/stop samples (ms): ours start %s stop %s; Node start %s stop %s%n",
                ours.startMillis, ours.stopMillis, node.startMillis, node.stopMillis));
        return md.toString();
    }

    private static String row(String measure, double ours, double node, String format, double ratio, String unit) {
        return String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %.1f%s |%n", measure, ours, node,
                ratio, unit.startsWith("x") ? unit : " " + unit);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double rssMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    private static String memTotal() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            long kb = lines.filter(l -> l.startsWith("MemTotal:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0L);
            return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
        }
    }

    /** The JDK the launcher picks (it prints nothing about it): the one this benchmark was told, else ours. */
    private String javaOf() {
        return option("java-version", "Java " + Runtime.version());
    }

    private static String firstLine(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return text.lines().findFirst().orElse("?").strip();
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whoever started the proxy last recorded its PID: end it, so that no stand-in outlives the benchmark. */
    private static void stopRecordedProxy(CcsLayout layout, int port) {
        try {
            Path sessions = layout.sessionsFile(port);
            if (Files.exists(sessions)) {
                Matcher pid = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(Files.readString(sessions));
                if (pid.find()) {
                    ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Load(double rps, double p99Millis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%8.0f req/s  p99 %7.2f ms", rps, p99Millis);
        }
    }

    private static final class Result {
        final double firstStartMillis;
        final double coldStartMillis;
        final double idleRss;
        double loadedRss;
        final Map<String, Load> loads = new LinkedHashMap<>();
        final List<Double> startMillis = new ArrayList<>();
        final List<Double> stopMillis = new ArrayList<>();

        Result(double firstStartMillis, double coldStartMillis, double idleRss) {
            this.firstStartMillis = firstStartMillis;
            this.coldStartMillis = coldStartMillis;
            this.idleRss = idleRss;
        }
    }
}
