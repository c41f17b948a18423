package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort.LaunchedProxy;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Starts the proxy of the current port, once: under the startup lock shared with the CLI (and with this JVM's
 * other threads), a verified running proxy, or any program answering on the port, means no launch. A launched
 * proxy counts as started only when it answers as CLIProxyAPI over HTTP; if it exits first, or something else
 * answers, or the timeout passes, the answer says so with its exit code and last output lines. The binary is the
 * backend's that the {@code ccs} settings name at the time of the start (unless one was named explicitly), and a
 * missing config is written for the {@code ccs} clients' keys.
 */
public final class StartProxyService implements StartProxyUseCase {

    static final int OUTPUT_LINES = 10;

    private final ProxyLifecycle lifecycle;
    private final ProxyPorts ports;
    private final ProxyTimings timings;
    private final Optional<Path> binaryOverride;
    private final Clock clock;

    /**
     * @param binaryOverride the proxy executable to run whatever the backend (the {@code --proxy-binary} flag); when
     *                       empty, the backend's own under {@code cliproxy/bin/}
     */
    public StartProxyService(ProxyLifecycle lifecycle, Optional<Path> binaryOverride, Clock clock) {
        this.lifecycle = lifecycle;
        this.ports = lifecycle.ports();
        this.timings = lifecycle.timings();
        this.binaryOverride = binaryOverride;
        this.clock = clock;
    }

    @Override
    public StartOutcome start() {
        return start(true);
    }

    /**
     * @param hold whether a proxy launched by this call registers a session of its own, so that it keeps running
     *             when the sessions of embedders close (a plain start); a session opening passes false
     */
    StartOutcome start(boolean hold) {
        int port = lifecycle.port();
        return lifecycle.whileHeld(() -> startLocked(port, hold))
                .orElseGet(() -> new StartOutcome.StartFailed(port, ProxyLifecycle.busy(port)));
    }

    /** The start itself; the caller holds the startup lock. */
    StartOutcome startLocked(int port, boolean hold) {
        Optional<SessionRecord> record = lifecycle.record(port);
        if (record.isPresent()) {
            if (lifecycle.verify(record.get()).isPresent()) {
                return new StartOutcome.AlreadyRunning(port, OptionalLong.of(record.get().pid()));
            }
            lifecycle.removeIfUnchanged(port, record.get());
        }
        switch (lifecycle.probe(port)) {
            case PROXY -> {
                return new StartOutcome.AlreadyRunning(port, OptionalLong.empty());
            }
            case OTHER_PROGRAM -> {
                return new StartOutcome.StartFailed(port, ProxyLifecycle.portHeld(port));
            }
            case NO_ANSWER -> {
                // free (or silent): launch
            }
        }
        Backend backend = ports.settings().backend();
        ports.configs().createIfMissing(port, ports.settings().clientKeys(),
                ports.settings().managementPanelRepository());
        return switch (ports.processes().launch(binary(backend), backend, port)) {
            case ProxyProcessPort.Launch.NotLaunched failed -> new StartOutcome.StartFailed(port, failed.reason());
            case ProxyProcessPort.Launch.Launched launched -> awaitReady(port, backend, launched.proxy(), hold);
        };
    }

    /** The executable a start runs now: the one named explicitly, else the backend's. */
    public Path binary(Backend backend) {
        return binaryOverride.orElseGet(() -> lifecycle.layout().defaultBinary(backend));
    }

    private StartOutcome awaitReady(int port, Backend backend, LaunchedProxy child, boolean hold) {
        List<String> sessions = hold ? List.of(ProxyLifecycle.newSessionId()) : List.of();
        try {
            return probeUntilReady(port, backend, child, new RecordAhead(port, child, clock.instant(), sessions));
        } catch (RuntimeException unrecorded) {
            // A start that fails this way (its record not stored: an unwritable CCS directory) leaves no proxy running
            // that no record names.
            ports.processes().terminate(child.process(), timings.stopGrace());
            throw unrecorded;
        }
    }

    private StartOutcome probeUntilReady(int port, Backend backend, LaunchedProxy child, RecordAhead ahead) {
        long deadline = System.nanoTime() + timings.startupTimeout().toNanos();
        Duration probeTimeout = min(timings.probeTimeout(), timings.startupTimeout());
        try (RecordAhead record = ahead) {
            while (true) {
                ProbeResult probe = ports.proxyApi().probe(port, probeTimeout);
                if (probe == ProbeResult.PROXY) {
                    return new StartOutcome.Started(port, record.commit());
                }
                if (probe == ProbeResult.OTHER_PROGRAM) {
                    ports.processes().terminate(child.process(), timings.stopGrace());
                    return new StartOutcome.StartFailed(port, ProxyLifecycle.portHeld(port)
                            + lastOutput(port, child));
                }
                OptionalInt exit = child.awaitExit(timings.readinessPoll());
                if (exit.isPresent()) {
                    return new StartOutcome.StartFailed(port, backend.label() + " exited with code "
                            + exit.getAsInt() + " before it answered on port " + port + "." + lastOutput(port, child)
                            + " Check its config and logs, then start again.");
                }
                if (System.nanoTime() - deadline >= 0) {
                    ports.processes().terminate(child.process(), timings.stopGrace());
                    return new StartOutcome.StartFailed(port, backend.label() + " did not become healthy on port "
                            + port + " within " + seconds(timings.startupTimeout()) + " and was stopped."
                            + lastOutput(port, child)
                            + " Check its config and logs, or allow a longer startup timeout.");
                }
                record.keepInStep();
            }
        }
    }

    /**
     * The session record of a launched proxy, prepared while it starts up (its {@code startedAt} the launch) and kept
     * in step with its process, so that once it answers little is left before the start does. A launcher that
     * exec's the binary shows its final command only after the exec: the process is read again now and then while
     * waiting, and once more before the commit.
     */
    private final class RecordAhead implements AutoCloseable {

        /** Reading the process costs about half a millisecond; the readiness poll comes every few. */
        private static final long RECHECK_NANOS = Duration.ofMillis(25).toNanos();

        private final int port;
        private final LaunchedProxy child;
        private final Instant startedAt;
        private final List<String> sessions;
        private SessionStorePort.PreparedRecord prepared;
        private long checkedAt;

        RecordAhead(int port, LaunchedProxy child, Instant startedAt, List<String> sessions) {
            this.port = port;
            this.child = child;
            this.startedAt = startedAt;
            this.sessions = sessions;
            this.prepared = ports.sessions().prepare(port, record(child.process()));
            this.checkedAt = System.nanoTime();
        }

        /** Reads the process again if it has not been read for a while. */
        void keepInStep() {
            if (System.nanoTime() - checkedAt >= RECHECK_NANOS) {
                readProcess();
            }
        }

        /** Stores the record of the process as it is now; its PID. */
        long commit() {
            readProcess();
            prepared.commit();
            return prepared.record().pid();
        }

        private void readProcess() {
            ProcessInfo process = ports.processes().find(child.process().pid())
                    .filter(now -> now.startInstant().equals(child.process().startInstant()))
                    .orElse(child.process());
            checkedAt = System.nanoTime();
            SessionRecord now = record(process);
            if (!now.equals(prepared.record())) {
                prepared.close();
                prepared = ports.sessions().prepare(port, now);
            }
        }

        private SessionRecord record(ProcessInfo process) {
            return SessionRecord.started(port, process, startedAt, sessions);
        }

        @Override
        public void close() {
            prepared.close();
        }
    }

    /**
     * The proxy's last output lines, with the port's API keys and management secret masked. The {@code ccs} tools'
     * default keys are published in their package, not secrets: masking {@code ccs} would turn every {@code .ccs}
     * of a path into {@code .***}.
     */
    private String lastOutput(int port, LaunchedProxy child) {
        String tail = child.outputTail(OUTPUT_LINES);
        if (tail.isBlank()) {
            return " It wrote no output.";
        }
        return " Its last output:\n" + masked(ports.settings(), port, tail) + "\n";
    }

    /** {@code output} of the proxy of {@code port} with the port's API keys and management secret masked. */
    static String masked(ProxySettingsPort settings, int port, String output) {
        List<String> secrets = new ArrayList<>(settings.apiKeys(port));
        settings.managementSecret(port).ifPresent(secrets::add);
        secrets.add(settings.clientKeys().apiKey());
        secrets.add(settings.clientKeys().managementSecret());
        secrets.removeAll(List.of(ClientKeys.DEFAULTS.apiKey(), ClientKeys.DEFAULTS.managementSecret()));
        String result = output;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
