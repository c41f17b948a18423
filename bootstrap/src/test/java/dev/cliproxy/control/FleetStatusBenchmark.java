package dev.cliproxy.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.FileTrees;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark of {@code GET /api/fleet/status} (not a test): a fleet of {@code --instances} proxies, each a stand-in
 * process on loopback (two local ports of one CCS directory, started through the API, and the rest registered as
 * remote proxies with their management keys) but one, registered too, whose host accepts connections and never
 * answers. It times the first status (cold: every remote's client is built), then {@code --rounds} statuses with the
 * dead one (each instance given {@code --timeout} ms), then as many without it, and prints the percentiles.
 *
 * <pre>
 * bootstrap/benchmark/fleet-status.sh [--instances 20] [--timeout 1000] [--rounds 20]
 * </pre>
 */
public final class FleetStatusBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "benchmark-management-key";

    private FleetStatusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = option(args, "--instances", 20);
        int timeoutMillis = option(args, "--timeout", 1000);
        int rounds = option(args, "--rounds", 20);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s; %d instances (1 dead), "
                        + "fleet.statusTimeout %d ms, %d rounds%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version(), instances,
                timeoutMillis, rounds);
        Path temp = Files.createTempDirectory("fleet-benchmark");
        List<RemoteStandIn> remotes = new ArrayList<>();
        StandInFixture local = new StandInFixture(temp.resolve("local"));
        try (ServerSocket dead = new ServerSocket()) {
            dead.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            local.config();
            int second = StandInConfig.freePort();
            Files.writeString(local.layout.proxyConfigFile(second), "host: \"127.0.0.1\"\nport: " + second + "\n");
            long startedAt = System.nanoTime();
            remotes.addAll(startRemotes(temp, instances - 3));
            System.out.printf(Locale.ROOT, "started %d remote stand-ins in %d ms%n", remotes.size(),
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
            try (CliProxyControl control = local.track(local.builder().build());
                 HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
                control.controlSettings().update(ControlSettings.fromTree(Map.of("fleet",
                        Map.of("statusTimeout", timeoutMillis + "ms"))), new WritePrecondition.Unconditional());
                TestHttpClient cliproxy = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
                TestHttpClient fleet = TestHttpClient.at(server.uri() + ApiRouting.FLEET_PATH);
                require(cliproxy.post("/proxy-start"), "\"started\":true");
                local.recordedPid();
                require(fleet.post("/instances/local-" + second + "/proxy-start"), "\"started\":true");
                for (int i = 0; i < remotes.size(); i++) {
                    register(fleet, "remote " + i, "http://127.0.0.1:" + remotes.get(i).port);
                }
                register(fleet, "dead", "http://127.0.0.1:" + dead.getLocalPort());

                long cold = time(fleet, instances);
                List<Long> withDead = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    withDead.add(time(fleet, instances));
                }
                require(fleet.delete("/instances/dead"), "\"removed\":true");
                List<Long> allLive = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    allLive.add(time(fleet, instances - 1));
                }
                System.out.println();
                System.out.println("| measure | first | median | p90 | max |");
                System.out.println("|---|---:|---:|---:|---:|");
                row(instances + " instances, 1 dead (ms)", cold, withDead);
                row((instances - 1) + " instances, all answering (ms)", allLive.getFirst(), allLive);
                require(fleet.post("/instances/local-" + second + "/proxy-stop"), "\"stopped\":true");
                require(cliproxy.post("/proxy-stop"), "\"stopped\":true");
            }
        } finally {
            remotes.forEach(RemoteStandIn::close);
            local.cleanUp();
            FileTrees.delete(temp);
        }
    }

    /** Starts the remote stand-ins four at a time (each is a JVM); when one fails, stops the others. */
    private static List<RemoteStandIn> startRemotes(Path temp, int count) throws Exception {
        List<Future<RemoteStandIn>> started = new ArrayList<>();
        try (ExecutorService starting = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < count; i++) {
                Path directory = temp.resolve("remote-" + i);
                started.add(starting.submit(() -> RemoteStandIn.start(directory, KEY, "stand-in-version: 6.9.6")));
            }
        }
        List<RemoteStandIn> remotes = new ArrayList<>();
        Exception failure = null;
        for (Future<RemoteStandIn> remote : started) {
            try {
                remotes.add(remote.get());
            } catch (ExecutionException e) {
                failure = e;
            }
        }
        if (failure != null) {
            remotes.forEach(RemoteStandIn::close);
            throw failure;
        }
        return remotes;
    }

    private static void register(TestHttpClient fleet, String name, String baseUrl) throws Exception {
        require(fleet.post("/instances", JSON.writeValueAsString(Map.of("name", name, "baseUrl", baseUrl,
                "managementKey", KEY)), "Content-Type", "application/json"), "\"kind\":\"remote\"");
    }

    /** One status over HTTP, its wall-clock time in ms; checks that it has every instance and their states. */
    private static long time(TestHttpClient fleet, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = fleet.get("/status");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        JsonNode status = JSON.readTree(response.body());
        TreeMap<String, Integer> states = new TreeMap<>();
        status.path("instances").forEach(i -> states.merge(i.path("state").asText(), 1, Integer::sum));
        if (status.path("instances").size() != expected || states.getOrDefault("running", 0) != 2) {
            throw new IllegalStateException("unexpected fleet status: " + states + " " + response.body());
        }
        return millis;
    }

    private static void row(String measure, long first, List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", measure, first, sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1), sorted.getLast());
    }

    private static void require(HttpResponse<String> response, String expected) {
        if (!response.body().contains(expected)) {
            throw new IllegalStateException("expected " + expected + ", got " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
