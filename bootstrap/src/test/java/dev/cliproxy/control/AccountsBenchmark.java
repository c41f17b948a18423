package dev.cliproxy.control;

import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.domain.model.AccountAutomationStatus;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.FileTrees;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test) of the account features at growing sizes, one fresh CCS directory per size:
 * {@code listing} times {@code GET /api/cliproxy/accounts} over loopback HTTP ({@code --rounds} times after one
 * cold listing), {@code automation} times one quota automation pass ({@code control.accounts().runAutomation()})
 * asking every account's quota of a loopback stub (the embedder's provider of {@code AddedQuotaProviderTest}, rate
 * limit lifted, {@code maxConcurrent} calls at once). The first size is run once more first, as a warm-up. Each
 * prints a table with the cost per account, which stays flat when the cost grows linearly.
 *
 * <pre>
 * bootstrap/benchmark/accounts-listing.sh   [--sizes 100,1000,10000] [--rounds 20]
 * bootstrap/benchmark/quota-automation.sh   [--sizes 100,1000,10000] [--concurrent 4]
 * </pre>
 */
public final class AccountsBenchmark {

    private static final Pattern ACCOUNT = Pattern.compile("\"accountId\"");

    private AccountsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "listing";
        List<Integer> sizes = Arrays.stream(option(args, "--sizes", "100,1000,10000").split(","))
                .map(Integer::parseInt).toList();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version(), loadAverage());
        List<String> rows = new ArrayList<>();
        List<Integer> runs = new ArrayList<>(sizes);
        runs.addFirst(sizes.getFirst()); // a warm-up run, left out: the first one pays for the JIT
        for (int run = 0; run < runs.size(); run++) {
            int size = runs.get(run);
            Path ccs = Files.createTempDirectory("accounts-benchmark");
            try {
                generate(ccs, size);
                rows.add(switch (mode) {
                    case "listing" -> listing(ccs, size, Integer.parseInt(option(args, "--rounds", "20")));
                    case "automation" -> automation(ccs, size, Integer.parseInt(option(args, "--concurrent", "4")));
                    default -> throw new IllegalArgumentException("mode is listing or automation, not " + mode);
                });
                System.out.println(rows.getLast());
                if (run == 0) {
                    rows.clear();
                }
            } finally {
                FileTrees.delete(ccs);
            }
        }
        System.out.println();
        System.out.println(mode.equals("listing")
                ? "| accounts | cold (ms) | median (ms) | p90 (ms) | median per account (µs) |\n|---:|---:|---:|---:|---:|"
                : "| accounts | pass (ms) | polled | failed | per account (µs) |\n|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    /** {@code size} token files of the embedder's provider in {@code auth/}, every tenth one paused. */
    private static void generate(Path ccs, int size) throws Exception {
        // A port of its own: never the proxy this machine may run on 8317.
        StandInConfig.selectPort(new CcsLayout(ccs), StandInConfig.freePort());
        Path auth = Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Path paused = Files.createDirectories(ccs.resolve("cliproxy/auth-paused"));
        for (int i = 0; i < size; i++) {
            String email = "user" + i + "@example.com";
            Files.writeString((i % 10 == 9 ? paused : auth).resolve("acme-" + email + ".json"),
                    "{\"type\":\"acme\",\"email\":\"" + email + "\",\"access_token\":\"tok-" + i
                            + "\",\"expired\":\"2099-01-01T00:00:00Z\"}");
        }
    }

    private static String listing(Path ccs, int size, int rounds) throws Exception {
        try (CliProxyControl control = control(ccs, "http://127.0.0.1:9").build();
             HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
            TestHttpClient http = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
            long cold = timeListing(http, size);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                micros.add(timeListing(http, size));
            }
            List<Long> sorted = micros.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            return String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f |", size, cold / 1000.0,
                    median / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1) / 1000.0,
                    (double) median / size);
        }
    }

    /** One listing over HTTP in microseconds; checks that it names every account. */
    private static long timeListing(TestHttpClient http, int size) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.get("/accounts");
        long micros = (System.nanoTime() - start) / 1000;
        long listed = ACCOUNT.matcher(response.body()).results().count();
        if (response.statusCode() != 200 || listed != size) {
            throw new IllegalStateException("listed " + listed + " of " + size + ": HTTP " + response.statusCode());
        }
        return micros;
    }

    private static String automation(Path ccs, int size, int concurrent) throws Exception {
        try (LoopbackStub quota = LoopbackStub.replying(request -> Reply.of(200, "0.25"));
             CliProxyControl control = control(ccs, quota.uri().toString()).quotaRateLimit(1_000_000)
                     .automationCheckInterval(Duration.ofHours(1)).build()) {
            control.controlSettings().update(ControlSettings.fromTree(Map.of("automation", Map.of("enabled", true,
                    "providers", List.of("acme"), "pollInterval", "24h", "maxConcurrent", concurrent))),
                    new WritePrecondition.Unconditional());
            long start = System.nanoTime();
            AccountAutomationStatus pass = control.accounts().runAutomation();
            long micros = (System.nanoTime() - start) / 1000;
            int active = size - size / 10;
            if (pass.polled() + pass.failed() + pass.rateLimited() < active) {
                throw new IllegalStateException("the pass asked " + pass + " of " + active + " active accounts");
            }
            return String.format(Locale.ROOT, "| %d | %.0f | %d | %d | %.0f |", size, micros / 1000.0, pass.polled(),
                    pass.failed(), (double) micros / Math.max(1, active));
        }
    }

    private static CliProxyControlBuilder control(Path ccs, String quotaBase) {
        return CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                .quotaProvider(new AddedQuotaProviderTest.AcmeQuotaAdapter(java.net.URI.create(quotaBase)));
    }

    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
