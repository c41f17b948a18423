package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import java.time.Duration;
import java.util.Optional;

/** The running proxy's own HTTP API on loopback. */
public interface ProxyApiPort {

    /** Asks {@code /healthz}, then {@code /}, whether CLIProxyAPI answers on {@code port}. Never throws. */
    ProbeResult probe(int port, Duration timeout);

    /**
     * The proxy's {@code GET /v1/models}, authenticated with {@code apiKey} when there is one, answered within
     * {@code timeout}. A refused connection, a slow or failing answer, or one that is not a model list is a
     * {@link ServiceUnavailableException} ({@code Models unavailable}) whose message says which.
     */
    ModelCatalog models(int port, Optional<String> apiKey, Duration timeout);
}
