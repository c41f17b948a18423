package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the process a session record names is still that proxy. A PID alone proves nothing (PIDs are
 * reused), so the recorded start instant must match; for records the CLI wrote (no start instant) the command
 * must look like CLIProxyAPI, or, when the OS hides the command, the port must answer as the proxy.
 */
final class RecordedProcessVerifier {

    /** Start instants are read from clock ticks: allow for rounding between readers. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private final ProxyProcessPort processes;
    private final ProxyApiPort proxyApi;
    private final Duration probeTimeout;

    RecordedProcessVerifier(ProxyProcessPort processes, ProxyApiPort proxyApi, Duration probeTimeout) {
        this.processes = processes;
        this.proxyApi = proxyApi;
        this.probeTimeout = probeTimeout;
    }

    /** The live process the record names, if it is verifiably the recorded proxy. */
    Optional<ProcessInfo> verify(SessionRecord record) {
        return processes.find(record.pid()).filter(process -> isRecordedProxy(record, process));
    }

    private boolean isRecordedProxy(SessionRecord record, ProcessInfo process) {
        if (record.processStart().isPresent()) {
            return process.startInstant()
                    .map(start -> Duration.between(start, record.processStart().get()).abs()
                            .compareTo(START_TOLERANCE) <= 0)
                    .orElse(false);
        }
        return process.command()
                .map(RecordedProcessVerifier::looksLikeProxyCommand)
                .orElseGet(() -> proxyApi.probe(record.port(), probeTimeout) == ProbeResult.PROXY);
    }

    static boolean looksLikeProxyCommand(String command) {
        String normalised = command.replace('\\', '/');
        String name = normalised.substring(normalised.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.startsWith("cli-proxy") || name.startsWith("cliproxy");
    }
}
