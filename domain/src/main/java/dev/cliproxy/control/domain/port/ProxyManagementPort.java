package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;

/** The running proxy's management API, used to make provider calls with the proxy's own (fresh) tokens. */
public interface ProxyManagementPort {

    /**
     * Sends {@code request} through {@code POST /v0/management/api-call} of the proxy on {@code port}, which puts
     * the credential's current token in the {@code Authorization} header; the proxy's report of the upstream
     * answer is returned as that answer.
     *
     * @throws dev.cliproxy.control.domain.error.ConflictException when the proxy does not know the credential
     * @throws dev.cliproxy.control.domain.error.UpstreamFailureException when the management API refuses or fails
     */
    UpstreamResponse apiCall(int port, String managementSecret, Credential credential, UpstreamRequest request);
}
