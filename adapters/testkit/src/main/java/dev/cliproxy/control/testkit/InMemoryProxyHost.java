package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.ProxyModel;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory operating system with the proxy in it: processes with PIDs (reused when a test says so) and start
 * instants, proxies answering on their ports, another program that may hold a port, and the startup lock. Faults:
 * {@link #crashProxy}, {@link #nextLaunch} (exits at once, never healthy, loses its port, not launched, with the
 * output it prints), {@link #occupyPort}.
 * Thread-safe; deterministic for one driving thread.
 */
public final class InMemoryProxyHost implements ProxyProcessPort, ProxyApiPort, StartupLockPort, DefaultProxyConfigPort,
        ProxyTrialPort {

    /** How the next launched proxy behaves. */
    public enum LaunchBehaviour {
        /** It answers as the proxy on its port. */
        HEALTHY,
        /**
         * It answers as the proxy, launched through a shell that exec's the binary: the launch sees the shell's
         * command, the process table the binary's by the time anyone looks again.
         */
        EXECS,
        /** It exits at once with code 1 after printing an error (a bad config, a missing library). */
        EXITS_AT_ONCE,
        /** It runs but never answers (it hangs before listening). */
        NEVER_HEALTHY,
        /** It runs, but another program takes its port first and keeps answering there, not as the proxy. */
        LOSES_THE_PORT,
        /** The binary is missing or not executable: nothing runs. */
        NOT_LAUNCHED
    }

    /** One launch as asked for: which binary, under which backend's name, on which port. */
    public record LaunchRequest(Path binary, Backend backend, int port) {
    }

    /** One default config written: its port, the client keys and the management panel it names. */
    public record WrittenConfig(int port, ClientKeys keys, String panelRepository) {
    }

    /** A process of the in-memory OS. */
    private record Proc(long pid, Instant start, String command, OptionalInt port, LaunchBehaviour behaviour,
                        String output) {
        ProcessInfo info() {
            return new ProcessInfo(pid, Optional.of(start), Optional.of(command), List.of());
        }
    }

    private static final Duration PID_REUSE_DELAY = Duration.ofMinutes(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock startupLock = new ReentrantLock();
    private final Clock clock;
    private final Map<Long, Proc> live = new HashMap<>();
    private final Set<Integer> occupied = new HashSet<>();
    private final List<WrittenConfig> configsWritten = new ArrayList<>();
    private final List<LaunchRequest> launches = new ArrayList<>();
    private final List<ProxyModel> models = new ArrayList<>();
    private final List<Proc> signalled = new ArrayList<>();
    /** What the proxies of each port printed, as the real output log of the port collects it. */
    private final Map<Integer, StringBuilder> outputLogs = new HashMap<>();
    private final Proc self;
    private long nextPid = 1000;
    private LaunchBehaviour nextLaunch = LaunchBehaviour.HEALTHY;
    private final Deque<LaunchBehaviour> laterLaunches = new ArrayDeque<>();
    private int nextSparePort = 40000;
    private Optional<String> nextOutput = Optional.empty();
    private boolean modelsUnavailable;

    public InMemoryProxyHost(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.self = spawn("/usr/bin/java", OptionalInt.empty(), LaunchBehaviour.HEALTHY, "");
    }

    // --- what a test controls ---

    /** The next launch behaves so; later launches are healthy again. */
    public void nextLaunch(LaunchBehaviour behaviour) {
        locked(() -> {
            nextLaunch = Objects.requireNonNull(behaviour, "behaviour");
            laterLaunches.clear();
            nextOutput = Optional.empty();
        });
    }

    /** The next launch behaves so and its process prints {@code output} (secrets included, as a real one may). */
    public void nextLaunch(LaunchBehaviour behaviour, String output) {
        locked(() -> {
            nextLaunch = Objects.requireNonNull(behaviour, "behaviour");
            laterLaunches.clear();
            nextOutput = Optional.of(output);
        });
    }

    /** The next launches behave so, in this order (the first as {@link #nextLaunch}); later ones are healthy. */
    public void nextLaunches(LaunchBehaviour... behaviours) {
        locked(() -> {
            laterLaunches.clear();
            laterLaunches.addAll(List.of(behaviours).subList(1, behaviours.length));
            nextLaunch = behaviours[0];
            nextOutput = Optional.empty();
        });
    }

    /**
     * Every proxy dies at once (a crash, SIGKILL, the OOM killer). With {@code reusePid}, an unrelated program
     * gets the dead proxy's PID (which must never be signalled nor reported as the proxy).
     */
    public void crashProxy(boolean reusePid) {
        locked(() -> {
            for (Proc proxy : List.copyOf(live.values())) {
                if (proxy.port().isPresent()) {
                    live.remove(proxy.pid());
                    if (reusePid) {
                        Proc other = new Proc(proxy.pid(), reuseStart(proxy), "/usr/bin/sleep",
                                OptionalInt.empty(), LaunchBehaviour.HEALTHY, "");
                        live.put(other.pid(), other);
                    }
                }
            }
        });
    }

    /** Another program listens on {@code port} (it answers, but not as the proxy). */
    public void occupyPort(int port) {
        locked(() -> occupied.add(port));
    }

    public void freePort(int port) {
        locked(() -> occupied.remove(port));
    }

    /** The models a healthy proxy serves on {@code /v1/models}. */
    public void serveModels(List<ProxyModel> served) {
        locked(() -> {
            models.clear();
            models.addAll(served);
        });
    }

    /** A model as the proxy lists it: {@code {"id","object":"model","created","owned_by"}}. */
    public static ProxyModel model(String id, String ownedBy, long created) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("id", id);
        fields.put("object", "model");
        fields.put("created", created);
        fields.put("owned_by", ownedBy);
        return new ProxyModel(id, Optional.of(ownedBy), fields);
    }

    /** Makes {@code /v1/models} fail (or work again) while the proxy is up. */
    public void modelsUnavailable(boolean unavailable) {
        locked(() -> modelsUnavailable = unavailable);
    }

    // --- what a test observes ---

    /** The PIDs of the proxies alive now, healthy or not. */
    public List<Long> liveProxyPids() {
        return locked(() -> live.values().stream().filter(p -> p.port().isPresent()).map(Proc::pid).sorted().toList());
    }

    /** Every PID that was sent a signal, in order. */
    public List<Long> signalledPids() {
        return locked(() -> signalled.stream().map(Proc::pid).toList());
    }

    /** Whether every process that was sent a signal was a proxy (never a program that reused a proxy's PID). */
    public boolean signalledOnlyProxies() {
        return locked(() -> signalled.stream().allMatch(p -> p.port().isPresent()));
    }

    /** Whether a default config was written for {@code port}. */
    public boolean defaultConfigWritten(int port) {
        return locked(() -> configsWritten.stream().anyMatch(config -> config.port() == port));
    }

    /** Every default config written, in order. */
    public List<WrittenConfig> writtenConfigs() {
        return locked(() -> List.copyOf(configsWritten));
    }

    /** Every launch asked for, in order, whether or not a process ran. */
    public List<LaunchRequest> launches() {
        return locked(() -> List.copyOf(launches));
    }

    // --- ProxyProcessPort ---

    @Override
    public Optional<ProcessInfo> find(long pid) {
        return locked(() -> Optional.ofNullable(live.get(pid)).map(Proc::info));
    }

    @Override
    public ProcessInfo self() {
        return self.info();
    }

    @Override
    public Launch launch(Path binary, Backend backend, int port) {
        return locked(() -> {
            launches.add(new LaunchRequest(binary, backend, port));
            LaunchBehaviour behaviour = nextLaunch;
            String output = nextOutput.orElse(behaviour == LaunchBehaviour.EXITS_AT_ONCE
                    ? "fatal: failed to load config: yaml: line 1: did not find expected key" : "");
            nextLaunch = laterLaunches.isEmpty() ? LaunchBehaviour.HEALTHY : laterLaunches.removeFirst();
            nextOutput = Optional.empty();
            if (behaviour == LaunchBehaviour.NOT_LAUNCHED) {
                return new Launch.NotLaunched("The " + backend.label() + " binary " + binary
                        + " is missing: install it with ccs");
            }
            Proc proc = spawn(binary.toString(), OptionalInt.of(port), behaviour, output);
            if (!output.isEmpty()) {
                outputLogs.computeIfAbsent(port, p -> new StringBuilder()).append(output).append('\n');
            }
            if (behaviour == LaunchBehaviour.EXITS_AT_ONCE) {
                live.remove(proc.pid());
            }
            if (behaviour == LaunchBehaviour.LOSES_THE_PORT) {
                occupied.add(port);
            }
            ProcessInfo launchedAs = behaviour == LaunchBehaviour.EXECS
                    ? new ProcessInfo(proc.pid(), Optional.of(proc.start()), Optional.of("/bin/sh " + binary), List.of())
                    : proc.info();
            return new Launch.Launched(new Launched(proc, launchedAs));
        });
    }

    // --- ProxyTrialPort ---

    @Override
    public int sparePort() {
        return locked(() -> nextSparePort++);
    }

    /** A trial launch is a launch on the trial's port; it takes the next launch behaviour as any launch does. */
    @Override
    public Launch launch(Path binary, Backend backend, TrialSetup trial) {
        return launch(binary, backend, trial.port());
    }

    @Override
    public Termination terminate(ProcessInfo process, Duration grace) {
        return locked(() -> {
            Proc target = live.get(process.pid());
            if (target == null || !Optional.of(target.start()).equals(process.startInstant())) {
                return Termination.NOT_RUNNING;
            }
            signalled.add(target);
            live.remove(target.pid());
            return Termination.EXITED;
        });
    }

    @Override
    public String outputTail(int port, int maxLines) {
        return locked(() -> lastLines(outputLogs.getOrDefault(port, new StringBuilder()).toString(), maxLines));
    }

    private static String lastLines(String output, int maxLines) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    // --- ProxyApiPort ---

    @Override
    public ProbeResult probe(int port, Duration timeout) {
        return locked(() -> {
            if (healthyOn(port)) {
                return ProbeResult.PROXY;
            }
            return occupied.contains(port) ? ProbeResult.OTHER_PROGRAM : ProbeResult.NO_ANSWER;
        });
    }

    @Override
    public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
        return locked(() -> {
            if (!healthyOn(port)) {
                throw new ServiceUnavailableException(ErrorCode.PROXY_UNREACHABLE, "the proxy refused the connection");
            }
            if (modelsUnavailable) {
                throw new ServiceUnavailableException(ErrorCode.PROXY_ERROR, "the proxy answered HTTP 500");
            }
            return new ModelCatalog(models);
        });
    }

    // --- StartupLockPort: a real lock, so concurrent tests see one start at a time ---

    @Override
    public Optional<Held> acquire(Duration wait) {
        try {
            if (!startupLock.tryLock(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(startupLock::unlock);
    }

    // --- DefaultProxyConfigPort ---

    @Override
    public boolean createIfMissing(int port, ClientKeys keys, String panelRepository) {
        // Like the real writer: only when the port has no config yet.
        return locked(() -> !defaultConfigWritten(port)
                && configsWritten.add(new WrittenConfig(port, keys, panelRepository)));
    }

    private boolean healthyOn(int port) {
        // The first process to bind a port keeps it: a second proxy on the same port never becomes healthy.
        return !occupied.contains(port) && live.values().stream()
                .filter(p -> p.port().isPresent() && p.port().getAsInt() == port)
                .min(java.util.Comparator.comparing(Proc::start))
                .filter(p -> p.behaviour() == LaunchBehaviour.HEALTHY || p.behaviour() == LaunchBehaviour.EXECS)
                .isPresent();
    }

    private Proc spawn(String command, OptionalInt port, LaunchBehaviour behaviour, String output) {
        // Every process starts a millisecond after the previous one: start instants identify them.
        Instant start = clock.instant().plusMillis(nextPid - 999);
        Proc proc = new Proc(nextPid++, start, command, port, behaviour, output);
        live.put(proc.pid(), proc);
        return proc;
    }

    /**
     * A PID comes back only once the PID space has wrapped around: the program that gets it starts well after the
     * proxy did (a minute at least, even when the test's clock stands still), never at the proxy's start instant.
     */
    private Instant reuseStart(Proc proxy) {
        Instant later = proxy.start().plus(PID_REUSE_DELAY);
        return clock.instant().isAfter(later) ? clock.instant() : later;
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private final class Launched implements LaunchedProxy {
        private final Proc proc;
        private final ProcessInfo launchedAs;

        Launched(Proc proc, ProcessInfo launchedAs) {
            this.proc = proc;
            this.launchedAs = launchedAs;
        }

        @Override
        public ProcessInfo process() {
            return launchedAs;
        }

        @Override
        public OptionalInt awaitExit(Duration timeout) {
            // Never really waits: a process of this OS has either exited already or runs on.
            return find(proc.pid()).isPresent() ? OptionalInt.empty()
                    : OptionalInt.of(proc.behaviour() == LaunchBehaviour.EXITS_AT_ONCE ? 1 : 0);
        }

        @Override
        public String outputTail(int maxLines) {
            return lastLines(proc.output(), maxLines);
        }
    }
}
