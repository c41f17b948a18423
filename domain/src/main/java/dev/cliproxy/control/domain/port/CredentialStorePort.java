package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import java.util.Optional;

/** The token files of {@code auth/} and {@code auth-paused/}. */
public interface CredentialStorePort {

    /**
     * The token file of {@code provider} that {@code accountId} names (an email or a file's stem), searched in
     * {@code auth/} then {@code auth-paused/}; empty when there is none. {@code accountId} is already validated.
     */
    Optional<Credential> find(QuotaProvider provider, String accountId);
}
