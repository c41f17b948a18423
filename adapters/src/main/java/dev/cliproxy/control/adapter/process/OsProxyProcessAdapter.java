package dev.cliproxy.control.adapter.process;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Processes through the JDK's {@link ProcessBuilder} and {@link ProcessHandle}: no {@code ps}, {@code lsof} or
 * shell. A launched proxy is an ordinary child that the JVM neither waits for nor kills on exit, so it outlives
 * this program; its output goes straight to a file (never a pipe, which would break when this program exits). The
 * candidate binaries an install tries run the same way, in their trial's private directory.
 */
public final class OsProxyProcessAdapter implements ProxyProcessPort, ProxyTrialPort {

    /** How often a stop checks whether the process has gone: small, so that stop returns right after the exit. */
    static final Duration EXIT_POLL = Duration.ofMillis(2);
    /** How long a killed process may take to disappear. */
    static final Duration AFTER_KILL = Duration.ofSeconds(2);
    private static final File NULL_DEVICE = new File("/dev/null");
    /** A process this old has exec'd whatever its launcher runs: its description no longer changes. */
    static final Duration SETTLED = Duration.ofSeconds(2);
    /** Few processes are ever asked about (the proxy, session owners); forget them all past this many. */
    private static final int MAX_DESCRIBED = 64;

    private final CcsLayout layout;
    private final long outputCapBytes;
    /**
     * Every status request asks about the recorded proxy: reading its command, arguments and start from /proc each
     * time costs more than the rest of the request. A kept handle answers {@code isAlive} with one read, and only
     * for the very process described (same PID and start time), so a reused PID is never mistaken for it.
     */
    private final ConcurrentMap<Long, Described> described = new ConcurrentHashMap<>();

    private record Described(ProcessHandle handle, ProcessInfo info) {
    }

    public OsProxyProcessAdapter(CcsLayout layout) {
        this(layout, OutputLog.DEFAULT_CAP_BYTES);
    }

    OsProxyProcessAdapter(CcsLayout layout, long outputCapBytes) {
        this.layout = layout;
        this.outputCapBytes = outputCapBytes;
    }

    @Override
    public Optional<ProcessInfo> find(long pid) {
        Described known = described.get(pid);
        if (known != null) {
            if (known.handle().isAlive()) {
                return Optional.of(known.info());
            }
            described.remove(pid, known);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        Optional<ProcessInfo> info = handle.map(OsProxyProcessAdapter::describe);
        if (info.isPresent() && info.get().startInstant()
                .filter(start -> start.plus(SETTLED).isBefore(Instant.now())).isPresent()) {
            if (described.size() >= MAX_DESCRIBED) {
                described.clear();
            }
            described.put(pid, new Described(handle.get(), info.get()));
        }
        return info;
    }

    @Override
    public ProcessInfo self() {
        return describe(ProcessHandle.current());
    }

    @Override
    public Launch launch(Path binary, Backend backend, int port) {
        return launch(binary, backend, layout.proxyConfigFile(port), layout.cliproxyDirectory(),
                new OutputLog(layout.proxyOutputLog(port), outputCapBytes));
    }

    @Override
    public int sparePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("the system has no free loopback port", e);
        }
    }

    @Override
    public Launch launch(Path binary, Backend backend, TrialSetup trial) {
        return launch(binary, backend, trial.config(), trial.directory(),
                new OutputLog(trial.directory().resolve("logs").resolve("proxy-output.log"), outputCapBytes));
    }

    /** Runs {@code binary --config <config>} in {@code directory}, which is also its {@code WRITABLE_PATH}. */
    private Launch launch(Path binary, Backend backend, Path config, Path directory, OutputLog output) {
        if (!Files.isRegularFile(binary)) {
            return new Launch.NotLaunched(backend.label() + " binary not found at " + binary + ". Install it there"
                    + " (for example with \"ccs cliproxy install\"), choose the other backend (cliproxy.backend in"
                    + " the CCS config.yaml) or point --proxy-binary at an installed one.");
        }
        if (!Files.isExecutable(binary)) {
            return new Launch.NotLaunched(backend.label() + " binary at " + binary + " is not executable."
                    + " Make it executable (chmod +x) or point --proxy-binary at another one.");
        }
        try {
            Files.createDirectories(output.file().getParent());
            long offset = output.prepare();
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.file().toFile()));
            if (NULL_DEVICE.exists()) {
                builder.redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
            }
            builder.environment().put("WRITABLE_PATH", directory.toString());
            Process process = builder.start();
            output.capWhileAlive(process);
            return new Launch.Launched(new OsLaunchedProxy(process, describe(process.toHandle()), output, offset));
        } catch (IOException e) {
            return new Launch.NotLaunched(backend.label() + " could not be started from " + binary + ": "
                    + e.getMessage());
        }
    }

    @Override
    public Termination terminate(ProcessInfo process, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid())
                .filter(ProcessHandle::isAlive)
                .filter(live -> live.info().startInstant().equals(process.startInstant()));
        if (handle.isEmpty()) {
            return Termination.NOT_RUNNING;
        }
        ProcessHandle target = handle.get();
        if (!target.destroy()) {
            return target.isAlive() ? kill(target) : Termination.NOT_RUNNING;
        }
        if (awaitExit(target, grace)) {
            return Termination.EXITED;
        }
        return kill(target);
    }

    @Override
    public String outputTail(int port, int maxLines) {
        return new OutputLog(layout.proxyOutputLog(port), outputCapBytes).tail(0, maxLines);
    }

    private static Termination kill(ProcessHandle target) {
        target.destroyForcibly();
        awaitExit(target, AFTER_KILL);
        return Termination.KILLED;
    }

    /**
     * Polls rather than {@link ProcessHandle#onExit()}: for a process that is not our child (started before a
     * restart, or by the CLI) the JDK checks only every 300 ms or more.
     */
    static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.isAlive()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(EXIT_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !handle.isAlive();
            }
        }
        return true;
    }

    static ProcessInfo describe(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        return new ProcessInfo(handle.pid(), info.startInstant(), info.command(),
                info.arguments().map(List::of).orElse(List.of()));
    }
}
