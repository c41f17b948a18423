package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;

/**
 * The sign-in flows of the running proxy's management API ({@code /v0/management/}, cliproxyapi.md §3.3): the proxy
 * runs the OAuth exchange and writes the account's token file into its auth directory. Every call is one request,
 * never retried: the proxy bans an address after five refused keys.
 *
 * <p>Refusals are exceptions with their code: a refused key ({@code 401}) an {@code UpstreamFailureException}
 * {@code management_key_rejected}, a refused address ({@code 403}, banned or remote) {@code management_forbidden},
 * a proxy without its management API (no {@code secret-key}) a {@code ConflictException} {@code management_disabled};
 * no answer an {@code UpstreamFailureException} {@code upstream_unreachable} or an {@code UpstreamTimeoutException}.
 */
public interface ProxyLoginPort {

    /** {@code GET <flow>-auth-url?is_webui=true} of the proxy on {@code port}. */
    ProxyLoginStart start(int port, String managementSecret, String flow);

    /** {@code GET get-auth-status?state=}. */
    ProxyLoginProgress progress(int port, String managementSecret, String state);

    /**
     * {@code POST oauth-callback} with the redirect a browser elsewhere landed on. The proxy's refusal of it is an
     * {@code InvalidInputException} {@code invalid_callback} (a malformed one) or a {@code ConflictException}
     * {@code login_finished} (a flow it no longer waits for), with the proxy's words.
     */
    void callback(int port, String managementSecret, String flow, String state, String redirectUrl);

    /** {@code DELETE oauth-session?state=}: the proxy stops waiting; a proxy without that route is left alone. */
    void cancel(int port, String managementSecret, String state);
}
