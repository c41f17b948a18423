package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.ProxyProcessPort.LaunchedProxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a binary tried on a spare port is ready as contract §3 says (health or banner within the startup
 * timeout), and then serves {@code /v1/models} with the trial config's key.
 */
final class TrialReadiness {

    private final ProxyPorts ports;
    private final ProxyTimings timings;
    private final List<String> secrets;

    /** @param secrets texts never to repeat from the trial's output (the keys its config copy holds) */
    TrialReadiness(ProxyPorts ports, ProxyTimings timings, List<String> secrets) {
        this.ports = ports;
        this.timings = timings;
        this.secrets = List.copyOf(secrets);
    }

    /** Empty when ready; else why not, with the binary's last output lines. */
    Optional<String> await(LaunchedProxy child, TrialSetup trial) {
        long deadline = System.nanoTime() + timings.startupTimeout().toNanos();
        while (true) {
            ProbeResult probe = ports.proxyApi().probe(trial.port(), timings.probeTimeout());
            if (probe == ProbeResult.PROXY) {
                return models(child, trial);
            }
            if (probe == ProbeResult.OTHER_PROGRAM) {
                return Optional.of("another program answered on the spare port " + trial.port() + lastOutput(child));
            }
            OptionalInt exit = child.awaitExit(timings.readinessPoll());
            if (exit.isPresent()) {
                return Optional.of("it exited with code " + exit.getAsInt() + " before it answered"
                        + lastOutput(child));
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.of("it did not answer as CLIProxyAPI within " + timings.startupTimeout().toMillis()
                        + " ms" + lastOutput(child));
            }
        }
    }

    private Optional<String> models(LaunchedProxy child, TrialSetup trial) {
        try {
            ports.proxyApi().models(trial.port(), trial.apiKey(), max(timings.probeTimeout(), Duration.ofSeconds(2)));
            return Optional.empty();
        } catch (ServiceUnavailableException e) {
            return Optional.of("it answered but /v1/models did not (" + e.detail().orElse(e.error()) + ")"
                    + lastOutput(child));
        }
    }

    /** The last few lines of the trial's output, with the copied config's keys masked. */
    private String lastOutput(LaunchedProxy child) {
        String tail = child.outputTail(StartProxyService.OUTPUT_LINES);
        if (tail.isBlank()) {
            return "; it wrote no output";
        }
        for (String secret : secrets) {
            tail = tail.replace(secret, "***");
        }
        return "; its last output:\n" + tail;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
