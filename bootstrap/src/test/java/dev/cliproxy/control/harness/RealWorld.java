package dev.cliproxy.control.harness;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;

import com.sun.net.httpserver.HttpExchange;
import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The control plane over its real adapters: a temp CCS directory, the stand-in proxy (a real child process),
 * loopback stub servers for the providers and for GitHub's release feed.
 */
final class RealWorld extends ControlWorld {

    /** Slow enough to outlast the quota timeout below, short enough to keep the test quick. */
    private static final Duration SLOW_ANSWER = Duration.ofMillis(1500);

    final CcsLayout layout = new CcsLayout(root.resolve("ccs"));
    final int port;
    private final Path binary;
    private final Map<QuotaProvider, LoopbackStub> providers = new HashMap<>();
    private final Map<QuotaProvider, QuotaAnswer> answers = new ConcurrentHashMap<>();
    private final LoopbackStub github;
    /** Another writer of the control's usage database, as a second server sharing the store would be. */
    private final JdbcUsageStoreAdapter usage;
    private volatile boolean feedUp = true;
    private volatile List<Release> releases = List.of();

    RealWorld() {
        try {
            binary = StandInLauncher.install(root.resolve("bin"));
            port = StandInConfig.freePort();
            StandInConfig.selectPort(layout, port);
            writeString(layout.proxyConfigFile(port), baseConfig());
            writeString(layout.binaryDirectory(Backend.ORIGINAL).resolve(".version"), INSTALLED_VERSION);
            Files.createDirectories(layout.logsDirectory());
            Files.createDirectories(layout.authDirectory());
            Path secret = outside.resolve("secret.txt");
            Files.createSymbolicLink(layout.logsDirectory().resolve(LINKED_LOG), secret);
            Files.createSymbolicLink(layout.authDirectory().resolve(LINKED_AUTH), secret);
            github = new LoopbackStub(this::releaseFeed);
            usage = JdbcUsageStoreAdapter.sqlite(layout.usageDatabaseFile());
            CliProxyControlBuilder builder = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                    .proxyBinary(binary)
                    .startupTimeout(Duration.ofSeconds(30))
                    .quotaTimeout(Duration.ofMillis(400))
                    .quotaCacheTtl(Duration.ZERO).quotaRateLimit(1_000_000)
                    .releaseFeedTimeout(Duration.ofSeconds(5))
                    .environment(Map.of())
                    .upstream(Upstream.GITHUB, github.uri());
            for (QuotaProvider provider : QUOTA_PROVIDERS) {
                LoopbackStub stub = new LoopbackStub(exchange -> quota(provider, exchange));
                providers.put(provider, stub);
                builder.upstream(provider.upstream().orElseThrow(), stub.uri());
            }
            open(builder);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> allowedTopLevel() {
        return List.of("bin", "ccs", "outside");
    }

    @Override
    String baseConfig() {
        return "host: \"127.0.0.1\"\nport: " + port + "\napi-keys:\n  - \"" + StandInConfig.API_KEY + "\"\n";
    }

    @Override
    void crashProxy() {
        for (ProcessHandle proxy : proxies()) {
            proxy.destroyForcibly();
            try {
                proxy.onExit().get();
            } catch (Exception e) {
                throw new IllegalStateException("the stand-in did not die", e);
            }
        }
    }

    @Override
    int liveProxies() {
        return proxies().size();
    }

    /** The stand-in processes of this world: their command line names this world's CCS directory. */
    private List<ProcessHandle> proxies() {
        String marker = layout.ccsDirectory().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().filter(c -> c.contains(marker)).isPresent())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    @Override
    void putLog(ErrorLogFile log) {
        writeString(layout.logsDirectory().resolve(log.name()), log.content());
    }

    @Override
    void deleteLog(String name) {
        delete(layout.logsDirectory().resolve(name));
    }

    @Override
    void putAuthFile(String name, byte[] content) {
        write(layout.authDirectory().resolve(name), content);
    }

    @Override
    void deleteAuthFile(String name) {
        delete(layout.authDirectory().resolve(name));
    }

    @Override
    void putTokenFile(String name, Optional<String> type, String email) {
        writeString(layout.authDirectory().resolve(name), InMemoryAuthFiles.tokenFile(type, email, token(email)));
    }

    @Override
    void upstream(QuotaProvider provider, QuotaAnswer answer) {
        answers.put(provider, answer);
    }

    @Override
    void storeUsage(List<UsageRecord> records) {
        usage.store(records, Optional.empty());
    }

    @Override
    void feed(boolean up, List<Release> published) {
        this.releases = List.copyOf(published);
        this.feedUp = up;
    }

    private void quota(QuotaProvider provider, HttpExchange exchange) throws IOException {
        switch (answers.getOrDefault(provider, QuotaAnswer.ok("{}"))) {
            case QuotaAnswer.Reply reply -> {
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                json(exchange, reply.status(), reply.body());
            }
            case QuotaAnswer.TimesOut slow -> {
                try {
                    Thread.sleep(SLOW_ANSWER);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Closing the exchange without an answer: the client sees the connection end with no response.
            case QuotaAnswer.Unreachable gone -> { }
        }
    }

    /** GitHub's releases API: {@code /repos/{owner}/{name}/releases/latest} and {@code /releases}. */
    private void releaseFeed(HttpExchange exchange) throws IOException {
        if (!feedUp) {
            json(exchange, 503, "{\"message\":\"Service Unavailable\"}");
            return;
        }
        List<Release> published = releases;
        if (exchange.getRequestURI().getPath().endsWith("/releases/latest")) {
            var latest = published.stream().filter(r -> !r.prerelease()).max((a, b) -> a.number().compareTo(b.number()));
            if (latest.isEmpty()) {
                json(exchange, 404, "{\"message\":\"Not Found\"}");
            } else {
                json(exchange, 200, releaseJson(latest.get()));
            }
        } else {
            json(exchange, 200, published.stream().map(RealWorld::releaseJson)
                    .collect(Collectors.joining(",", "[", "]")));
        }
    }

    private static String releaseJson(Release release) {
        return "{\"tag_name\":\"v" + release.version() + "\",\"prerelease\":" + release.prerelease()
                + ",\"draft\":false" + release.publishedAt().map(at -> ",\"published_at\":\"" + at + "\"").orElse("")
                + "}";
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            crashProxy();
            providers.values().forEach(LoopbackStub::close);
            if (github != null) {
                github.close();
            }
            if (usage != null) {
                usage.close();
            }
        } finally {
            super.close();
        }
    }
}
