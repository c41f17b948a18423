package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the process a session record names is still that proxy. A PID alone proves nothing (PIDs are
 * reused), so the recorded start instant must match; for records the CLI wrote (no start instant) the process
 * must look like CLIProxyAPI (its command name) or have been started with {@code --config <this port's config>},
 * or, when the OS hides both, the port must answer as the proxy.
 */
final class RecordedProcessVerifier {

    /** Start instants are read from clock ticks: allow for rounding between readers. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private final CcsLayout layout;
    private final ProxyProcessPort processes;
    private final ProxyApiPort proxyApi;
    private final Duration probeTimeout;

    RecordedProcessVerifier(CcsLayout layout, ProxyProcessPort processes, ProxyApiPort proxyApi,
                            Duration probeTimeout) {
        this.layout = layout;
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
            return process.startInstant().map(start -> sameStart(start, record.processStart().get())).orElse(false);
        }
        if (process.command().map(RecordedProcessVerifier::looksLikeProxyCommand).orElse(false)
                || startedWithConfig(process.arguments(), layout.proxyConfigFile(record.port()))) {
            return true;
        }
        return process.command().isEmpty() && process.arguments().isEmpty()
                && proxyApi.probe(record.port(), probeTimeout) == ProbeResult.PROXY;
    }

    static boolean sameStart(Instant a, Instant b) {
        return Duration.between(a, b).abs().compareTo(START_TOLERANCE) <= 0;
    }

    static boolean looksLikeProxyCommand(String command) {
        String normalised = command.replace('\\', '/');
        String name = normalised.substring(normalised.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.startsWith("cli-proxy") || name.startsWith("cliproxy");
    }

    /** {@code --config <file>}, {@code -config <file>} or {@code --config=<file>} naming this port's config. */
    static boolean startedWithConfig(List<String> arguments, Path configFile) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String value = null;
            if ((argument.equals("--config") || argument.equals("-config")) && i + 1 < arguments.size()) {
                value = arguments.get(i + 1);
            } else if (argument.startsWith("--config=") || argument.startsWith("-config=")) {
                value = argument.substring(argument.indexOf('=') + 1);
            }
            if (value != null && namesFile(value, configFile)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesFile(String value, Path configFile) {
        try {
            Path named = Path.of(value).normalize();
            return named.isAbsolute() ? named.equals(configFile) : named.equals(configFile.getFileName());
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
