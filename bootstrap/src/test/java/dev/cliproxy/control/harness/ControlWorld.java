package dev.cliproxy.control.harness;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything around one {@link CliProxyControl}: the proxy, the CCS directory's files, the providers and the release
 * feed, in memory ({@link InMemoryWorld}) or real ({@link RealWorld}), driven the same way, plus the API in both
 * ways in: the facade and HTTP on loopback.
 */
abstract class ControlWorld implements AutoCloseable {

    /** The content of the file outside the CCS directory that links in {@code auth/} and {@code logs/} point to. */
    static final String OUTSIDE_SECRET = "OUTSIDE-SECRET-must-never-be-served";
    /** Links in {@code logs/} and {@code auth/} that lead out of the CCS directory. */
    static final String LINKED_LOG = "error-outside.log";
    static final String LINKED_AUTH = "outside.json";
    /** The installed proxy version ({@code bin/original/.version}), the same in both worlds. */
    static final String INSTALLED_VERSION = "6.1.0";
    static final List<QuotaProvider> QUOTA_PROVIDERS = List.of(QuotaProvider.CODEX, QuotaProvider.CLAUDE,
            QuotaProvider.GHCP);

    /** Worlds not closed yet: a JVM that ends early (a killed fork) still stops their proxies and deletes them. */
    private static final java.util.Set<ControlWorld> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(ControlWorld::close)));
    }

    final Path root;
    final Path outside;
    final TestClock clock = new TestClock();
    private CliProxyControlBuilder builder;
    private CliProxyControl control;
    private HttpServerHandle server;
    private FacadeClient facade;
    private HttpApiClient http;

    ControlWorld() {
        try {
            root = Files.createTempDirectory("cliproxy-harness");
            outside = root.resolve("outside");
            Files.createDirectories(outside);
            Files.writeString(outside.resolve("secret.txt"), OUTSIDE_SECRET);
            OPEN.add(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the control (once the subclass has its adapters) and serves HTTP on a port the OS picks. */
    final void open(CliProxyControlBuilder configured) {
        builder = configured.clock(clock);
        control = builder.build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        facade = new FacadeClient(control);
        http = new HttpApiClient(server.uri());
    }

    /** The control server restarts: a new instance over the same files, proxy and upstreams (it keeps no state). */
    final void restart() {
        server.close();
        control.close();
        open(builder);
    }

    final CliProxyControl control() {
        return control;
    }

    final ApiClient client(boolean overHttp) {
        return overHttp ? http : facade;
    }

    /** The config the proxy of this world runs with; valid uploads add lines to it. */
    abstract String baseConfig();

    /** The proxy dies without a word (SIGKILL). */
    abstract void crashProxy();

    /** How many proxies are alive (healthy or not). */
    abstract int liveProxies();

    abstract void putLog(ErrorLogFile log);

    abstract void deleteLog(String name);

    abstract void putAuthFile(String name, byte[] content);

    abstract void deleteAuthFile(String name);

    /** Writes the token file of an account of {@code provider}, as the CLI's login does. */
    final void putAccount(QuotaProvider provider, String accountId) {
        TokenFileNaming naming = provider.tokenFiles();
        putTokenFile(naming.fileName(accountId), Optional.of(naming.type()), accountId);
    }

    /** Writes a token file under any name, with or without a {@code type}, holding {@link #token}. */
    abstract void putTokenFile(String name, Optional<String> type, String email);

    /** The access token in the token file of {@code email}. */
    static String token(String email) {
        return "tok-" + email;
    }

    abstract void upstream(QuotaProvider provider, QuotaAnswer answer);

    /** Usage records reach the world's usage store in one batch, as a collector (of this server or another) commits. */
    abstract void storeUsage(List<UsageRecord> records);

    /** The release feed answers with these releases, or (down) fails. */
    abstract void feed(boolean up, List<Release> releases);

    void advanceClock(Duration step) {
        clock.advance(step);
    }

    /** Nothing outside the CCS directory was written: the outside file is the same, no new file appeared there. */
    void assertOutsideUntouched() {
        try {
            if (!OUTSIDE_SECRET.equals(Files.readString(outside.resolve("secret.txt")))) {
                throw new AssertionError("the file outside the CCS directory was changed");
            }
            try (Stream<Path> files = Files.list(outside)) {
                if (files.count() != 1) {
                    throw new AssertionError("a file was written outside the CCS directory, in " + outside);
                }
            }
            try (Stream<Path> top = Files.list(root)) {
                List<String> names = top.map(p -> p.getFileName().toString()).sorted().toList();
                if (!allowedTopLevel().containsAll(names)) {
                    throw new AssertionError("a file was written beside the CCS directory: " + names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> allowedTopLevel() {
        return List.of("ccs", "outside");
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeString(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        try {
            if (control != null) {
                control.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            FileTrees.delete(root);
        }
    }
}
