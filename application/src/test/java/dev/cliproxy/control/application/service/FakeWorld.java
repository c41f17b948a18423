package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An in-memory operating system, proxy and CCS directory behind every port the life cycle uses: processes with
 * PIDs (which can be reused) and start instants, proxies listening on ports, and one sessions.json per port.
 */
class FakeWorld implements ProxyProcessPort, ProxyApiPort, SessionStorePort, StartupLockPort,
        DefaultProxyConfigPort, ProxySettingsPort {

    static final int PORT = 8317;

    /** A process of the fake OS. */
    static final class FakeProcess {
        final long pid;
        final Instant start;
        final String command;
        final boolean proxy;
        boolean alive = true;

        FakeProcess(long pid, Instant start, String command, boolean proxy) {
            this.pid = pid;
            this.start = start;
            this.command = command;
            this.proxy = proxy;
        }

        ProcessInfo info() {
            return new ProcessInfo(pid, Optional.of(start), Optional.of(command), List.of());
        }
    }

    private final Map<Long, FakeProcess> processes = new HashMap<>();
    private final Map<Integer, SessionRecord> records = new HashMap<>();
    private final Set<Long> signalled = new HashSet<>();
    private final List<FakeProcess> unrelated = new ArrayList<>();
    private final FakeProcess self;
    private long nextPid = 100;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");
    /** The ccs settings' backend and client keys, which a test may change between calls. */
    Backend backend = Backend.ORIGINAL;
    ClientKeys clientKeys = ClientKeys.DEFAULTS;
    /** What each launch ran ("binary as label") and each config written ("port keys panel"), in order. */
    final List<String> launches = new ArrayList<>();
    final List<String> configsWritten = new ArrayList<>();

    FakeWorld() {
        self = spawn("/usr/bin/java", false);
    }

    FakeProcess spawn(String command, boolean proxy) {
        return put(new FakeProcess(nextPid++, tick(), command, proxy));
    }

    /** The proxy dies without a word (SIGKILL, crash); with {@code reusePid}, an unrelated program gets its PID. */
    void crashProxy(boolean reusePid) {
        liveProxies().forEach(p -> {
            p.alive = false;
            if (reusePid) {
                unrelated.add(put(new FakeProcess(p.pid, tick(), "/usr/bin/sleep", false)));
            }
        });
    }

    List<FakeProcess> liveProxies() {
        return processes.values().stream().filter(p -> p.alive && p.proxy).toList();
    }

    boolean signalledAnUnrelatedProcess() {
        return unrelated.stream().anyMatch(p -> signalled.contains(p.pid) && !p.alive);
    }

    private FakeProcess put(FakeProcess process) {
        processes.put(process.pid, process);
        return process;
    }

    private Instant tick() {
        clock = clock.plusSeconds(5);
        return clock;
    }

    // ProxyProcessPort

    @Override
    public Optional<ProcessInfo> find(long pid) {
        return Optional.ofNullable(processes.get(pid)).filter(p -> p.alive).map(FakeProcess::info);
    }

    @Override
    public ProcessInfo self() {
        return self.info();
    }

    @Override
    public Launch launch(Path binary, Backend label, int port) {
        launches.add(binary + " as " + label.label());
        FakeProcess proxy = spawn(binary.toString(), true);
        return new Launch.Launched(new LaunchedProxy() {
            @Override
            public ProcessInfo process() {
                return proxy.info();
            }

            @Override
            public OptionalInt awaitExit(Duration timeout) {
                return OptionalInt.empty();
            }

            @Override
            public String outputTail(int maxLines) {
                return "";
            }
        });
    }

    @Override
    public Termination terminate(ProcessInfo process, Duration grace) {
        FakeProcess target = processes.get(process.pid());
        if (target == null || !target.alive || !Optional.of(target.start).equals(process.startInstant())) {
            return Termination.NOT_RUNNING;
        }
        signalled.add(target.pid);
        target.alive = false;
        return Termination.EXITED;
    }

    // ProxyApiPort

    @Override
    public ProbeResult probe(int port, Duration timeout) {
        return liveProxies().isEmpty() ? ProbeResult.NO_ANSWER : ProbeResult.PROXY;
    }

    @Override
    public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
        throw new UnsupportedOperationException("the life cycle never lists models");
    }

    // SessionStorePort

    @Override
    public Optional<SessionRecord> read(int port) {
        return Optional.ofNullable(records.get(port));
    }

    @Override
    public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
        Optional<SessionRecord> next = change.apply(read(port));
        next.ifPresentOrElse(r -> records.put(port, r), () -> records.remove(port));
        return next;
    }

    // StartupLockPort: one thread drives the fake, so the lock is always free.

    @Override
    public Optional<Held> acquire(Duration wait) {
        return Optional.of(() -> { });
    }

    // DefaultProxyConfigPort

    @Override
    public boolean createIfMissing(int port, ClientKeys keys, String panelRepository) {
        configsWritten.add(port + " " + keys.apiKey() + "/" + keys.managementSecret() + " " + panelRepository);
        return false;
    }

    // ProxySettingsPort

    @Override
    public int lifecyclePort() {
        return PORT;
    }

    @Override
    public List<String> apiKeys(int port) {
        return List.of();
    }

    @Override
    public Optional<String> managementSecret(int port) {
        return Optional.empty();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public ClientKeys clientKeys() {
        return clientKeys;
    }
}
