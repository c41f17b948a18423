package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;

/** Sends one provider call with a credential's token; any HTTP status is an answer, not a failure. */
@FunctionalInterface
public interface UpstreamCallPort {

    /**
     * @throws dev.cliproxy.control.domain.error.UpstreamTimeoutException when no answer came in time
     * @throws dev.cliproxy.control.domain.error.UpstreamFailureException when the host cannot be reached
     */
    UpstreamResponse call(UpstreamRequest request, Credential credential);
}
