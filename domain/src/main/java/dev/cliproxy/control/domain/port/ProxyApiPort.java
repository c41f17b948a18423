package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ProbeResult;
import java.time.Duration;

/** The running proxy's own HTTP API on loopback. */
public interface ProxyApiPort {

    /** Asks {@code /healthz}, then {@code /}, whether CLIProxyAPI answers on {@code port}. Never throws. */
    ProbeResult probe(int port, Duration timeout);
}
