package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.FileTrees;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * answers; then the proxy stopped, {@code proxy-status} measured with no proxy running, and the proxy started
 * again. Ours goes first; Node then finds the proxy ours left running. Each measured route also gets a run at a
 * fixed offered rate ({@code --rate}, default 200 requests/s over 4 connections, paced by a wrk script), so the
 * tails of both servers are compared at the same load. A bare Helidon endpoint in this JVM (a constant small JSON)
 * is measured first, as the ceiling of the machine at that moment. Our server's collector logs its pauses
 * ({@code -Xlog:gc} added through {@code JAVA_TOOL_OPTIONS}, the launcher's options unchanged); the report gives
 * them overall and within the measured saturated runs.
 *
 * <p>Options: {@code --launcher}, {@code --node}, {@code --ccs-js} (paths), {@code --wrk}, {@code --seconds}
 * (per measured route, default 10), {@code --warmup} (per route, default 5), {@code --threads} / {@code --connections}
 * (wrk, default 2 / 8), {@code --rate} (requests/s of the fixed-rate runs, default 200), {@code --cycles}
 * (start/stop pairs, default 10), {@code --out} (markdown report file),
 * {@code --only ours} (skip Node, to profile our side), {@code --only status} with {@code --repeat N} (only
 * {@code proxy-status} in both states against the bare endpoint, N runs of each, see {@link #statusAgainstBare}),
 * {@code --only lifecycle} (both servers, only the start/stop cycles: each start's answer against the instant the
 * stand-in's port opened), {@code --bare-nodelay true}.
 */
public final class CompareWithNodeBenchmark {

    private static final List<String> ROUTES = List.of("proxy-status", "auth-files", "error-logs", "config.yaml");
    /** {@code proxy-status} measured while no proxy runs. */
    private static final String NO_PROXY = "proxy-status, no proxy";
    private static final String BARE = "bare Helidon endpoint";
    /** Connections of the fixed-rate runs; each waits connections/rate between its requests. */
    private static final int PACED_CONNECTIONS = 4;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern LISTENING = Pattern.compile("stand-in: listening at (\\S+)");
    private static final Pattern FIRST_ANSWER = Pattern.compile("stand-in: first answered at (\\S+)");
    private static final Pattern FIRST_ANSWER_SENT =
            Pattern.compile("stand-in: first answered at \\S+ \\(sent at (\\S+)\\)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    private final Map<String, String> options;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private Path pacedScript;
    private Load bareLoad;

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
        int proxyPort = StandInConfig.freePort();
        Path paced = temp.resolve("paced.lua");
        // wrk waits delay() ms before each request of a connection: the offered rate is fixed, not the answers'.
        Files.writeString(paced, "function delay() return %d end%n".formatted(
                PACED_CONNECTIONS * 1000 / number("rate", 200)));
        this.pacedScript = paced;
        // --bare-nodelay true: the bare endpoint with our server's socket option (TCP_NODELAY), to tell its cost
        WebServer bare = WebServer.builder().port(0).host("127.0.0.1")
                .connectionOptions(SocketOptions.builder()
                        .tcpNoDelay(Boolean.parseBoolean(option("bare-nodelay", "false"))).build())
                .routing(routing -> routing.get("/bare", (req, res) -> res.header("Content-Type",
                        "application/json").send("{\"running\":false}"))).build().start();
        try {
            prepare(layout, proxyPort);
            String loadBefore = loadAverage();
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/bare";
            wrk(bareUrl, number("warmup", 5));
            this.bareLoad = wrk(bareUrl, number("seconds", 10));
            System.out.printf("  %-13s %s%n", BARE, bareLoad);
            // The proxy runs before either server starts, recorded as this project records it.
            try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                    .startupTimeout(STARTUP_LIMIT).build()) {
                StartOutcome outcome = control.proxy().start();
                if (!(outcome instanceof StartOutcome.Started)) {
                    throw new IllegalStateException("the stand-in proxy did not start: " + outcome);
                }
            }
            int ourPort = StandInConfig.freePort();
            if (option("only", "").equals("status")) {
                statusAgainstBare(home, layout, ourPort, bareUrl);
                return;
            }
            Result ours = measure("cliproxy-control", List.of(option("launcher", "bootstrap/target/cliproxy-control"),
                    "--port", String.valueOf(ourPort)), home, layout, ourPort);
            if (option("only", "").equals("ours")) {
                return; // profiling our side: its figures are printed above
            }
            int nodePort = StandInConfig.freePort();
            Result node = measure("Node ccs", List.of(option("node", "node"), option("ccs-js", "ccs.js"), "config",
                    "--port", String.valueOf(nodePort)), home, layout, nodePort);
            if (option("only", "").equals("lifecycle")) {
                System.out.printf(Locale.ROOT, "proxy-start answer after the proxy's port opened (ms; median, p90,"
                                + " max): ours %s, Node %s; after its first healthy answer: ours %s (%d starts; %s after"
                                + " it was sent), Node %s (%d); proxy-start whole (median) ours %.0f, Node %.0f; load"
                                + " average before %s, after %s%n", spread(ours.startLagMillis),
                        spread(node.startLagMillis), spread(ours.readyLagMillis), ours.readyLagMillis.size(),
                        spread(ours.sentLagMillis), spread(node.readyLagMillis),
                        node.readyLagMillis.size(), median(ours.startMillis), median(node.startMillis), loadBefore,
                        loadAverage());
                return;
            }
            String report = report(ours, node, loadBefore, loadAverage());
            System.out.println(report);
            Path out = Path.of(option("out", "bootstrap/target/compare-with-node.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("(written to " + out + ")");
        } finally {
            started.forEach(Process::destroyForcibly);
            stopRecordedProxy(layout, proxyPort);
            bare.stop();
            FileTrees.delete(temp);
        }
    }

    /**
     * {@code --only status}: our server's {@code proxy-status} against the bare endpoint, {@code --repeat} times
     * (default 5) in each state, each status run right after a bare run, so that each ratio has its own ceiling of
     * that moment; the spread of the ratios is printed, with the load average before and after.
     */
    private void statusAgainstBare(Path home, CcsLayout layout, int port, String bareUrl) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(option("launcher", "bootstrap/target/cliproxy-control"), "--port",
                String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve("cliproxy-control.out").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("CCS_DIR", layout.ccsDirectory().toString());
        String base = "http://127.0.0.1:" + port + "/api/cliproxy/";
        long begin = System.nanoTime();
        Process server = builder.start();
        started.add(server);
        untilFirstAnswer(begin, server, base, "cliproxy-control");
        System.out.printf("  server pid %d%n", server.pid());
        for (String state : List.of("proxy-status", NO_PROXY)) {
            if (state.equals(NO_PROXY)) {
                timedPost(base + "proxy-stop", "\"stopped\":true");
            }
            check(base + "proxy-status", state);
            wrk(base + "proxy-status", number("warmup", 5));
            settle(server.pid());
            String loadBefore = loadAverage();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            long self = ProcessHandle.current().pid();
            for (int i = 0; i < number("repeat", 5); i++) {
                long bareTicks = cpuTicks(self);
                Load bare = wrk(bareUrl, number("seconds", 10));
                // Server CPU per answer: what the load of other programs on the machine changes least.
                double bareMicros = (cpuTicks(self) - bareTicks) * 1e4 / bare.requests;
                long statusTicks = cpuTicks(server.pid());
                Load status = wrk(base + "proxy-status", number("seconds", 10));
                double statusMicros = (cpuTicks(server.pid()) - statusTicks) * 1e4 / status.requests;
                settle(server.pid());
                ratios.add(status.rps / bare.rps);
                cpuRatios.add(bareMicros / statusMicros);
                System.out.printf(Locale.ROOT, "  %-22s %s  bare %s  ratio %.2f; server CPU per answer %.1f µs,"
                                + " bare %.1f µs (ratio %.2f)%n", state, status, bare, status.rps / bare.rps,
                        statusMicros, bareMicros, bareMicros / statusMicros);
            }
            List<Double> cpuSorted = cpuRatios.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "%s: bare CPU per answer over ours min %.2f median %.2f max %.2f%n", state,
                    cpuSorted.getFirst(), median(cpuRatios), cpuSorted.getLast());
            List<Double> sorted = ratios.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "%s: ratio to the bare endpoint min %.2f median %.2f max %.2f over %d runs;"
                            + " load average before %s, after %s%n", state, sorted.getFirst(), median(ratios),
                    sorted.getLast(), ratios.size(), loadBefore, loadAverage());
        }
        timedPost(base + "proxy-start", "\"started\":true");
        server.destroy();
        server.waitFor();
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
        // The stand-in notes when its port opens: each start's answer is timed against it (StandInProxy).
        Path events = home.getParent().resolve(name.replace(' ', '-') + "-standin-events");
        env.put("CLIPROXY_STANDIN_EVENTS", events.toString());
        if (!name.startsWith("Node")) {
            // Added to the launcher's own options, which stay as the README runs them: its collector's pauses. One
            // file per JVM (%p): the stand-in proxies it starts inherit the variable.
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:gc:file=" + home.getParent().resolve("gc-%p.log") + ":uptime");
        }
        String base = "http://127.0.0.1:" + port + "/api/cliproxy/";
        // A first start, then the measured one: the OS file cache is warm for both, and our launcher's class
        // archive exists, as on every start after the first (on Java 25, once its background training has ended).
        long begin = System.nanoTime();
        Process first = builder.start();
        started.add(first);
        double firstStartMillis = untilFirstAnswer(begin, first, base, name);
        first.destroy();
        first.waitFor();
        if (!name.startsWith("Node")) {
            awaitLauncherTraining(Path.of(command.getFirst()).toAbsolutePath().getParent());
        }
        begin = System.nanoTime();
        Process server = builder.start();
        started.add(server);
        double coldStartMillis = untilFirstAnswer(begin, server, base, name);
        Thread.sleep(2000);
        double idleRss = rssMegabytes(server.pid());
        Result result = new Result(firstStartMillis, coldStartMillis, idleRss, begin);
        // Every route warmed before any is measured: the JIT (Java's and V8's) compiles the shared request path
        // during the first route's warm-up, which alone would be too short on two busy cores.
        boolean lifecycleOnly = option("only", "").equals("lifecycle");
        for (String route : lifecycleOnly ? List.<String>of() : ROUTES) {
            check(base + route, route);
            wrk(base + route, number("warmup", 5));
            settle(server.pid());
        }
        for (String route : lifecycleOnly ? List.<String>of() : ROUTES) {
            measureRoute(result, route, base + route, server.pid());
        }
        result.loadedRss = rssMegabytes(server.pid());
        // The start lag is read where this JVM's plain-socket client reads the answer's end; both clients (the stops
        // use the HttpClient) are warmed first, so that their own interpreted code (milliseconds per call while cold)
        // is not counted as the server's.
        for (int i = 0; i < number("client-warmup", 3000); i++) {
            answers200(base + "proxy-status");
            PlainSocketRequest.send("GET", URI.create(base + "proxy-status"), STARTUP_LIMIT);
        }
        for (int i = 0; i < number("cycles", 10); i++) {
            result.stopMillis.add(timedPost(base + "proxy-stop", "\"stopped\":true"));
            long notedBytes = Files.exists(events) ? Files.size(events) : 0;
            // Over a plain socket, read on this thread: the instant the answer's last byte arrived.
            long asked = System.nanoTime();
            PlainSocketRequest.Answer start = PlainSocketRequest.send("POST", URI.create(base + "proxy-start"),
                    STARTUP_LIMIT);
            Instant answered = Instant.now();
            result.startMillis.add((System.nanoTime() - asked) / 1e6);
            if (start.status() != 200 || !start.body().replace(" ", "").contains("\"started\":true")) {
                throw new IllegalStateException("proxy-start answered " + start.status() + ": " + start.body());
            }
            // A server that answers at the first connect (Node) can answer before the stand-in has written the line;
            // the stand-in notes its first health answer just after sending it, which only ours waits for.
            Matcher listening = LISTENING.matcher("");
            String noted = "";
            for (long until = System.nanoTime() + 5_000_000_000L; System.nanoTime() < until; Thread.sleep(5)) {
                noted = Files.exists(events) ? Files.readString(events).substring((int) notedBytes) : "";
                listening = LISTENING.matcher(noted);
                if (listening.find(0) && (name.startsWith("Node") || FIRST_ANSWER.matcher(noted).find())) {
                    break;
                }
            }
            if (listening.find(0)) {
                result.startLagMillis.add(
                        Duration.between(Instant.parse(listening.group(1)), answered).toNanos() / 1e6);
                // Only a server that asks the proxy before it answers has one (Node answers at the connect).
                Matcher healthy = FIRST_ANSWER.matcher(noted);
                if (healthy.find()) {
                    result.readyLagMillis.add(
                            Duration.between(Instant.parse(healthy.group(1)), answered).toNanos() / 1e6);
                }
                Matcher sent = FIRST_ANSWER_SENT.matcher(noted);
                if (sent.find()) {
                    result.sentLagMillis.add(
                            Duration.between(Instant.parse(sent.group(1)), answered).toNanos() / 1e6);
                }
            }
        }
        System.out.printf("  first start %.0f ms, cold start %.0f ms, RSS idle %.0f MB, after load %.0f MB, start %s ms,"
                        + " stop %s ms; start after the port opened %s ms%n", firstStartMillis, coldStartMillis, idleRss,
                result.loadedRss, result.startMillis, result.stopMillis, result.startLagMillis);
        if (!lifecycleOnly) {
            timedPost(base + "proxy-stop", "\"stopped\":true");
            check(base + "proxy-status", "proxy-status, no proxy");
            wrk(base + "proxy-status", number("warmup", 5));
            settle(server.pid());
            measureRoute(result, NO_PROXY, base + "proxy-status", server.pid());
            timedPost(base + "proxy-start", "\"started\":true");
        }
        server.destroy(); // SIGTERM: both stop cleanly on it
        server.waitFor();
        Path gcLog = home.getParent().resolve("gc-" + server.pid() + ".log"); // the launcher exec's the JVM
        if (Files.exists(gcLog)) {
            result.pauses = GcPauses.read(gcLog, result.saturated);
            System.out.println("  " + result.pauses);
        }
        return result;
    }

    /** Until no trainer of the launcher's AOT cache is at work beside it (its folder {@code *.aot.training}). */
    private static void awaitLauncherTraining(Path folder) throws Exception {
        for (long until = System.nanoTime() + Duration.ofMinutes(15).toNanos(); System.nanoTime() < until; ) {
            try (Stream<Path> files = Files.list(folder)) {
                if (files.noneMatch(file -> file.getFileName().toString().endsWith(".aot.training"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    /** Throughput and tail at saturation, then the tail at the fixed offered rate. */
    private void measureRoute(Result result, String route, String url, long pid) throws Exception {
        double from = (System.nanoTime() - result.serverStart) / 1e9;
        Load saturated = wrk(url, number("seconds", 10));
        result.saturated.add(new double[] {from, (System.nanoTime() - result.serverStart) / 1e9});
        settle(pid);
        Load paced = wrk(url, number("seconds", 10), PACED_CONNECTIONS, Optional.of(pacedScript));
        settle(pid);
        result.loads.put(route, saturated.withPacedP99(paced.p99Millis));
        System.out.printf("  %-13s %s  p99 at %s/s %.2f ms (%.0f req/s)%n", route, saturated, option("rate", "200"),
                paced.p99Millis, paced.rps);
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
            case "auth-files" -> FilesBenchmark.AUTH_FILES;
            case "error-logs" -> 1000;
            default -> -1;
        };
        if (route.equals(NO_PROXY) && !response.body().replace(" ", "").contains("\"running\":false")) {
            throw new IllegalStateException(url + " still reports a proxy: " + response.body());
        }
        long names = Pattern.compile("\"name\"").matcher(response.body()).results().count();
        if (response.statusCode() != 200 || expected >= 0 && names != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " with " + names
                    + " names: " + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    private Load wrk(String url, int seconds) throws Exception {
        return wrk(url, seconds, number("connections", 8), Optional.empty());
    }

    private Load wrk(String url, int seconds, int connections, Optional<Path> script) throws Exception {
        List<String> command = new ArrayList<>(List.of(option("wrk", "wrk"),
                "-t", String.valueOf(Math.min(number("threads", 2), connections)), "-c", String.valueOf(connections),
                "-d", seconds + "s", "--timeout", "10s", "--latency"));
        script.ifPresent(file -> command.addAll(List.of("-s", file.toString())));
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        Matcher requests = REQUESTS.matcher(output);
        return new Load(Double.parseDouble(rps.group(1)), p99Millis, Double.NaN,
                requests.find() ? Long.parseLong(requests.group(1)) : 0);
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
        List<String> measured = new ArrayList<>(ROUTES);
        measured.add(1, NO_PROXY);
        for (String route : measured) {
            Load o = ours.loads.get(route);
            Load n = node.loads.get(route);
            md.append(row("`" + route + "` requests/s", o.rps, n.rps, "%.0f", o.rps / n.rps, "x"));
            md.append(row("`" + route + "` p99 at saturation (ms)", o.p99Millis, n.p99Millis, "%.2f",
                    n.p99Millis / o.p99Millis, "x lower"));
            md.append(row("`" + route + "` p99 at " + option("rate", "200") + " req/s (ms)", o.pacedP99Millis,
                    n.pacedP99Millis, "%.2f", n.pacedP99Millis / o.pacedP99Millis, "x lower"));
        }
        md.append(String.format(Locale.ROOT, "| %s, same run (requests/s) | %.0f | | `proxy-status` %.2f and %.2f "
                        + "of it (proxy running, none) |%n", BARE, bareLoad.rps,
                ours.loads.get("proxy-status").rps / bareLoad.rps, ours.loads.get(NO_PROXY).rps / bareLoad.rps));
        double ourStart = median(ours.startMillis);
        double nodeStart = median(node.startMillis);
        double ourStop = median(ours.stopMillis);
        double nodeStop = median(node.stopMillis);
        md.append(row("`proxy-start` median (ms)", ourStart, nodeStart, "%.0f", nodeStart / ourStart, "x faster"));
        md.append(String.format(Locale.ROOT, "| `proxy-start` answer after the proxy's port opened (ms): median, p90,"
                        + " max | %s | %s | |%n", spread(ours.startLagMillis), spread(node.startLagMillis)));
        md.append(String.format(Locale.ROOT, "| `proxy-start` answer after the proxy's first healthy answer (ms):"
                        + " median, p90, max | %s | %s | |%n", spread(ours.readyLagMillis),
                spread(node.readyLagMillis)));
        md.append(String.format(Locale.ROOT, "| the same, after that answer's last byte was sent (the stand-in's JVM"
                        + " sends it slower than a Go proxy) | %s | | |%n", spread(ours.sentLagMillis)));
        md.append(row("`proxy-stop` median (ms)", ourStop, nodeStop, "%.0f", nodeStop / ourStop, "x faster"));
        md.append(row("start to first answer, first of two starts (ms)", ours.firstStartMillis,
                node.firstStartMillis, "%.0f", node.firstStartMillis / ours.firstStartMillis, "x faster"));
        md.append(row("cold start to first answer, second start (ms)", ours.coldStartMillis, node.coldStartMillis, "%.0f",
                node.coldStartMillis / ours.coldStartMillis, "x faster"));
        md.append(row("resident memory idle (MB)", ours.idleRss, node.idleRss, "%.0f", ours.idleRss / node.idleRss,
                "x of Node's"));
        md.append(row("resident memory after the load (MB)", ours.loadedRss, node.loadedRss, "%.0f",
                ours.loadedRss / node.loadedRss, "x of Node's"));
        if (ours.pauses != null) {
            md.append(String.format(Locale.ROOT, "%nOur collector (`-Xlog:gc` added through `JAVA_TOOL_OPTIONS` to "
                    + "the launcher's options): %s.%n", ours.pauses));
        }
        md.append(String.format(Locale.ROOT, "%nStart/stop samples (ms): ours start %s stop %s; Node start %s stop %s%n",
                ours.startMillis, ours.stopMillis, node.startMillis, node.stopMillis));
        return md.toString();
    }

    private static String row(String measure, double ours, double node, String format, double ratio, String unit) {
        return String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %.1f%s |%n", measure, ours, node,
                ratio, unit.startsWith("x") ? unit : " " + unit);
    }

    /** Median, p90 and max, or a dash when the stand-in noted nothing. */
    private static String spread(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.1f, %.1f, %.1f", median(values),
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)), sorted.getLast());
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

    /** One route's figures: saturated throughput and p99, and the p99 at the fixed offered rate. */
    private record Load(double rps, double p99Millis, double pacedP99Millis, long requests) {
        Load withPacedP99(double paced) {
            return new Load(rps, p99Millis, paced, requests);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%8.0f req/s  p99 %7.2f ms", rps, p99Millis);
        }
    }

    private static final class Result {
        final double firstStartMillis;
        final double coldStartMillis;
        final double idleRss;
        /** {@code System.nanoTime()} just before the measured server's exec. */
        final long serverStart;
        double loadedRss;
        final Map<String, Load> loads = new LinkedHashMap<>();
        final List<Double> startMillis = new ArrayList<>();
        final List<Double> stopMillis = new ArrayList<>();
        /** Each timed start: its answer's arrival after the stand-in's port opened. */
        final List<Double> startLagMillis = new ArrayList<>();
        /** Each timed start whose server asked the stand-in's health first: its answer's arrival after that answer. */
        final List<Double> readyLagMillis = new ArrayList<>();
        /** The same, from the instant the stand-in had written that answer's last byte (its cold JVM sends slowly). */
        final List<Double> sentLagMillis = new ArrayList<>();
        /** The measured saturated runs, in seconds since the exec: {from, to}. */
        final List<double[]> saturated = new ArrayList<>();
        GcPauses pauses;

        Result(double firstStartMillis, double coldStartMillis, double idleRss, long serverStart) {
            this.firstStartMillis = firstStartMillis;
            this.coldStartMillis = coldStartMillis;
            this.idleRss = idleRss;
            this.serverStart = serverStart;
        }
    }

    /**
     * The collector's pauses of our server, from its {@code -Xlog:gc} (JVM uptime, which starts a few
     * milliseconds after the exec the windows count from): all of them, and those within the saturated runs.
     */
    record GcPauses(int count, double median, double p99, double max, int saturatedCount, double saturatedMax,
                    List<String> overFiveMillis) {

        private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*(Pause [^)]*\\)).* (\\d+\\.\\d+)ms$");

        static GcPauses read(Path log, List<double[]> windows) throws IOException {
            List<Double> all = new ArrayList<>();
            List<Double> inWindows = new ArrayList<>();
            List<String> over = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                double at = Double.parseDouble(m.group(1));
                double millis = Double.parseDouble(m.group(3));
                boolean saturated = windows.stream().anyMatch(w -> at >= w[0] && at <= w[1]);
                all.add(millis);
                if (saturated) {
                    inWindows.add(millis);
                }
                if (millis > 5) {
                    over.add(String.format(Locale.ROOT, "%.1f ms at %.1f s (%s%s)", millis, at, m.group(2),
                            saturated ? ", saturated" : ""));
                }
            }
            List<Double> sorted = all.stream().sorted().toList();
            return new GcPauses(sorted.size(), sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
                    sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
                    sorted.isEmpty() ? 0 : sorted.getLast(), inWindows.size(),
                    inWindows.stream().mapToDouble(Double::doubleValue).max().orElse(0), over);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "GC pauses: %d, median %.2f ms, p99 %.2f ms, max %.2f ms; in the "
                    + "saturated runs %d, max %.2f ms; over 5 ms: %s", count, median, p99, max, saturatedCount,
                    saturatedMax, overFiveMillis.isEmpty() ? "none" : String.join("; ", overFiveMillis));
        }
    }
}
