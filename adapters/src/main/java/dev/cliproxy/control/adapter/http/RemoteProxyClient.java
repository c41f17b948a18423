package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The HTTP client of one proxy on another host ({@link RemoteProxyClients#client}): its TLS trust, its time-outs,
 * and the rules of its management API, which every adapter of that proxy goes through. A management key is sent
 * only as {@code Authorization: Bearer}, never when the proxy refused it before, and never appears in anything this
 * client reports: every text the proxy sends back is cleared of the keys before it is passed on.
 */
public final class RemoteProxyClient {

    /** The header CLIProxyAPI's management API sets on every answer, refusals included. */
    static final String VERSION_HEADER = "X-CPA-VERSION";
    static final String MANAGEMENT_PATH = "/v0/management/";
    /** The management API's JSON answers are small; config files and logs have their own limits. */
    static final int MAX_JSON_BYTES = 8 * 1024 * 1024;
    private static final int MAX_REMOTE_TEXT = 200;
    private static final int MAX_HEALTH_BYTES = 64 * 1024;

    private final RemoteProxy target;
    private final ManagementRefusals refusals;
    private final Duration timeout;
    private final LazyHttpClient http;

    RemoteProxyClient(RemoteProxy target, ManagementRefusals refusals, Optional<Path> extraCaFile,
                      ProxySelector proxies, Duration timeout) {
        this.target = target;
        this.refusals = refusals;
        this.timeout = timeout;
        this.http = new LazyHttpClient(() -> HttpClient.newBuilder()
                .sslContext(trust(extraCaFile))
                .proxy(proxies)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** The proxy this client calls. */
    public RemoteProxy target() {
        return target;
    }

    Duration timeout() {
        return timeout;
    }

    URI uri(String pathAndQuery) {
        return target.baseUri().resolve(pathAndQuery);
    }

    HttpClient http() {
        return http.get();
    }

    /** The whole answer to {@code request} within {@code deadline}, whatever its status; failures as the API reports them. */
    HttpResponse<byte[]> send(HttpRequest request, Duration deadline, int maxBytes) {
        try {
            return BoundedExchange.send(http(), request, deadline, maxBytes);
        } catch (HttpTimeoutException e) {
            throw new UpstreamTimeoutException(ErrorCode.REMOTE_TIMEOUT, "The proxy at " + target.baseUri()
                    + " did not answer " + request.uri().getPath() + " within " + BoundedExchange.describe(deadline),
                    null);
        } catch (BoundedExchange.BodyTooLargeException e) {
            throw new UpstreamFailureException(ErrorCode.REMOTE_ERROR, "The proxy at " + target.baseUri()
                    + " answered " + request.uri().getPath() + " with more than " + maxBytes + " bytes");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailureException(ErrorCode.INTERRUPTED, "interrupted while calling " + target.baseUri());
        }
    }

    /**
     * Whether CLIProxyAPI answers at the URL, asked without any key (so never a failed login): {@code /healthz},
     * else, for proxies older than v6.9.10, the banner of {@code /}; all within {@code deadline}. Never throws.
     */
    Health health(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        try {
            HttpResponse<byte[]> health = send(get("/healthz", deadline), deadline, MAX_HEALTH_BYTES);
            if (health.statusCode() == 200 && "ok".equals(JdkProxyApiAdapter.field(health.body(), "status"))) {
                return new Health(RemoteState.READY, Optional.empty());
            }
            Duration left = Duration.ofNanos(Math.max(1, end - System.nanoTime()));
            HttpResponse<byte[]> root = send(get("/", left), left, MAX_HEALTH_BYTES);
            if (root.statusCode() == 200 && JdkProxyApiAdapter.BANNER.equals(
                    JdkProxyApiAdapter.field(root.body(), "message"))) {
                return new Health(RemoteState.READY, Optional.empty());
            }
            return new Health(RemoteState.UNREACHABLE, Optional.of("Something answers at " + target.baseUri()
                    + " that is not CLIProxyAPI (HTTP " + root.statusCode() + " on /)"));
        } catch (UpstreamTimeoutException e) {
            return new Health(RemoteState.TIMED_OUT, e.detail());
        } catch (ControlException e) {
            return new Health(RemoteState.UNREACHABLE, e.detail());
        }
    }

    /** Whether the proxy answered ({@link RemoteState#READY}) or why not. */
    record Health(RemoteState state, Optional<String> message) {
    }

    private HttpRequest get(String path, Duration deadline) {
        return HttpRequest.newBuilder(uri(path)).timeout(deadline).header("Accept", "application/json").GET().build();
    }

    /**
     * One call of the management API ({@code path} under {@code /v0/management/}), whatever its status, once the
     * rules allow it: no key configured is a conflict and sends nothing (a missing key counts as a failed login);
     * a key refused before, or an address refused lately, fails at once and sends nothing. A 401 or 403 answer is
     * remembered before it is returned.
     */
    HttpResponse<byte[]> exchange(HttpRequest.Builder request, String path, Duration deadline, int maxBytes) {
        String key = target.managementKey().orElseThrow(() -> new ConflictException(ErrorCode.MANAGEMENT_KEY_MISSING,
                "No management key is configured for the proxy at " + target.baseUri() + " (management_key of the"
                + " ccs settings' cliproxy_server.remote, or managementKey of its fleet instance): its management"
                + " API is not asked without one."));
        if (refusals.refused(target)) {
            throw rejected("refused this management key before; it is not sent again until it changes");
        }
        Optional<Instant> hold = refusals.forbidden(target);
        if (hold.isPresent()) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_FORBIDDEN, "The proxy at " + target.baseUri()
                    + " refused this address lately (HTTP 403); it is not asked again before " + hold.get());
        }
        HttpResponse<byte[]> response = send(request.uri(uri(MANAGEMENT_PATH + path))
                .timeout(deadline)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + key)
                .build(), deadline, maxBytes);
        if (response.statusCode() == 401) {
            refusals.refuse(target);
        } else if (response.statusCode() == 403) {
            refusals.forbid(target);
        }
        return response;
    }

    /**
     * A management call whose answer must be a success, or a 404 of a resource the caller interprets (a JSON
     * body): a refusal (401, 403), a management API that is off (a plain 404: the proxy has no
     * {@code secret-key}) or any other answer is the failure that says so.
     */
    HttpResponse<byte[]> management(HttpRequest.Builder request, String path, int maxBytes) {
        HttpResponse<byte[]> response = exchange(request, path, timeout, maxBytes);
        int status = response.statusCode();
        if (status == 401) {
            throw rejected("refused the management key (HTTP 401" + remoteError(response.body())
                    + "); it is not sent again until it changes");
        }
        if (status == 403) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_FORBIDDEN, "The proxy at " + target.baseUri()
                    + " refused this address (HTTP 403" + remoteError(response.body()) + ")");
        }
        if (status == 404 && json(response.body()).isEmpty()) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_FORBIDDEN, "The proxy at " + target.baseUri()
                    + " has no management API (HTTP 404): set remote-management.secret-key in its config");
        }
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            throw new UpstreamFailureException(ErrorCode.REMOTE_ERROR, "The proxy at " + target.baseUri()
                    + " answered " + path + " with HTTP " + status + remoteError(response.body()));
        }
        return response;
    }

    /** A management call answered with JSON, as a tree; anything else is the failure that says so. */
    JsonNode managementJson(String path) {
        HttpResponse<byte[]> response = management(HttpRequest.newBuilder().GET(), path, MAX_JSON_BYTES);
        return json(response.body()).filter(root -> response.statusCode() == 200 && root.isObject())
                .orElseThrow(() -> new UpstreamFailureException(ErrorCode.REMOTE_ERROR, "The proxy at "
                        + target.baseUri() + " answered " + path + " with HTTP " + response.statusCode()
                        + remoteError(response.body())));
    }

    /** {@code ": <the proxy's own error text>"}, cleared of keys and cut short; empty when it sent none. */
    String remoteError(byte[] body) {
        return json(body).map(root -> root.path("message").isTextual() ? root.path("message").asText()
                        : root.path("error").asText(""))
                .filter(text -> !text.isBlank())
                .map(text -> ": " + cleared(text))
                .orElse("");
    }

    /** {@code text} without any of the target's keys, and at most a couple of hundred characters. */
    String cleared(String text) {
        String clear = text;
        for (Optional<String> key : List.of(target.managementKey(), target.clientKey())) {
            if (key.isPresent()) {
                clear = clear.replace(key.get(), "***");
            }
        }
        clear = clear.replaceAll("\\p{Cntrl}", " ");
        return clear.length() > MAX_REMOTE_TEXT ? clear.substring(0, MAX_REMOTE_TEXT) + "..." : clear;
    }

    static Optional<JsonNode> json(byte[] body) {
        try {
            return Optional.ofNullable(UpstreamAnswers.JSON.readTree(body)).filter(JsonNode::isContainerNode);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private ControlException rejected(String what) {
        return new UpstreamFailureException(ErrorCode.MANAGEMENT_KEY_REJECTED, "The proxy at " + target.baseUri()
                + " " + what + " (its management API bans an address after a few failed logins).");
    }

    private ControlException unreachable(IOException e) {
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "TLS with the proxy at "
                    + target.baseUri() + " failed: its certificate is not trusted, or does not name this host"
                    + " (trust its CA with fleet.trustedCaFile of the control settings)");
        }
        return new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "The proxy at " + target.baseUri()
                + " could not be reached (" + e.getClass().getSimpleName() + ")");
    }

    /** The TLS context, or, when the extra CA file cannot be used, a failure each call reports. */
    private static SSLContext trust(Optional<Path> extraCaFile) {
        try {
            return RemoteTrust.context(extraCaFile);
        } catch (IOException | GeneralSecurityException e) {
            // The file's path is the settings' business: the message names the setting, not the path.
            throw new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "fleet.trustedCaFile of the control"
                    + " settings cannot be used (" + e.getClass().getSimpleName() + ")");
        }
    }
}
