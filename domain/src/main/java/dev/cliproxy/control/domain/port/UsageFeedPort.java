package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import java.util.List;

/**
 * The running proxy's usage records, through its management API ({@code /v0/management/}) on loopback. Client API
 * keys in the answers are reduced to their identity ({@link dev.cliproxy.control.domain.model.ApiKeyIdentity#of})
 * among {@code configKeys} and {@code ccsKey} before anything else sees them. Never throws for what the proxy
 * answers: every outcome is a {@link UsageFeedAnswer}.
 */
public interface UsageFeedPort {

    /**
     * Asks {@code GET usage-statistics-enabled}, which takes nothing: a {@link UsageFeedAnswer.Probed} with the
     * proxy's version, or why not.
     */
    UsageFeedAnswer probe(int port, String managementSecret);

    /** Pops up to {@code count} records from {@code GET usage-queue?count=N} (v6.10.8+): they leave the proxy. */
    UsageFeedAnswer pop(int port, String managementSecret, int count, List<String> configKeys, String ccsKey);

    /**
     * Reads the whole in-memory history of {@code GET usage} (before v6.10), each record named by a hash of its
     * content, since these have no request id.
     */
    UsageFeedAnswer history(int port, String managementSecret, List<String> configKeys, String ccsKey);
}
