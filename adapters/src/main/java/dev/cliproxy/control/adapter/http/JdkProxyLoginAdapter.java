package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The sign-in flows of the running proxy's management API on loopback (cliproxyapi.md §3.3; CLIProxyAPI's
 * {@code auth_files_provider_oauth.go}, {@code oauth_callback.go}, {@code oauth_sessions.go}): one request per call,
 * never retried, the management secret as a bearer key. A {@code 404} to {@code <flow>-auth-url} means the proxy has no
 * such flow, unless {@code get-auth-status} (which every version has) is missing too: then its management API is off.
 */
public final class JdkProxyLoginAdapter implements ProxyLoginPort {

    private static final String WHAT = "the proxy's management API";
    /** The longest text of the proxy's own passed on. */
    private static final int MAX_TEXT = 200;

    private final LazyHttpClient client;
    private final Duration timeout;

    public JdkProxyLoginAdapter(Duration timeout) {
        this.timeout = timeout;
        this.client = LazyHttpClient.toLocalProxy(timeout);
    }

    @Override
    public ProxyLoginStart start(int port, String managementSecret, String flow) {
        UpstreamResponse answer = send(get(port, flow + "-auth-url?is_webui=true"), managementSecret);
        if (answer.status() == 404) {
            UpstreamResponse probe = send(get(port, "get-auth-status"), managementSecret);
            if (probe.status() == 404) {
                throw new ConflictException(ErrorCode.MANAGEMENT_DISABLED, "The proxy's management API is off: give"
                        + " its config a remote-management.secret-key (the ccs settings' management secret) and"
                        + " restart it");
            }
            refusal(probe);
            return new ProxyLoginStart.Unsupported(answer.header("X-CPA-VERSION")
                    .or(() -> probe.header("X-CPA-VERSION")).map(JdkProxyLoginAdapter::shown));
        }
        JsonNode body = json(ok(answer));
        String url = body.path("url").asText("");
        String state = body.path("state").asText("");
        if (url.isEmpty() || state.isEmpty()) {
            throw new UpstreamFailureException(ErrorCode.INVALID_UPSTREAM_RESPONSE,
                    "the proxy started no sign-in: its answer has no url and state");
        }
        return new ProxyLoginStart.Started(url, state);
    }

    @Override
    public ProxyLoginProgress progress(int port, String managementSecret, String state) {
        UpstreamResponse answer = send(get(port, "get-auth-status?state=" + encode(state)), managementSecret);
        refusal(answer);
        JsonNode body = json(answer);
        String status = body.path("status").asText("");
        if (answer.status() == 200 && status.equals("wait")) {
            return new ProxyLoginProgress.Waiting();
        }
        if (answer.status() == 200 && status.equals("ok")) {
            return new ProxyLoginProgress.Done();
        }
        if (status.equals("error")) {
            return new ProxyLoginProgress.Failed(shown(body.path("error").asText("the sign-in failed")));
        }
        throw unexpected(answer);
    }

    @Override
    public void callback(int port, String managementSecret, String flow, String state, String redirectUrl) {
        ObjectNode body = UpstreamAnswers.JSON.createObjectNode();
        body.put("provider", callbackProvider(flow));
        body.put("redirect_url", redirectUrl);
        body.put("state", state);
        UpstreamResponse answer = send(request(port, "oauth-callback")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), managementSecret);
        refusal(answer);
        String error = shown(json(answer).path("error").asText("the proxy refused it"));
        switch (answer.status()) {
            case 200 -> { }
            case 400 -> throw new InvalidInputException(ErrorCode.INVALID_CALLBACK, "The proxy refused the redirect: "
                    + error);
            case 404, 409 -> throw new ConflictException(ErrorCode.LOGIN_FINISHED, "The proxy no longer waits for"
                    + " this sign-in: " + error);
            default -> throw unexpected(answer);
        }
    }

    @Override
    public void cancel(int port, String managementSecret, String state) {
        UpstreamResponse answer = send(request(port, "oauth-session?state=" + encode(state)).DELETE(),
                managementSecret);
        // Versions before 7.2.64 have no such route: their flow simply runs out.
        if (answer.status() != 200 && answer.status() != 404) {
            refusal(answer);
            throw unexpected(answer);
        }
    }

    /**
     * The provider name the proxy's {@code oauth-callback} takes for a flow: v6 knows Gemini CLI's callbacks as
     * {@code gemini}; the other flows keep their names.
     */
    static String callbackProvider(String flow) {
        return flow.equals("gemini-cli") ? "gemini" : flow;
    }

    /** A refused key or address; anything else is left to the caller. */
    private static void refusal(UpstreamResponse answer) {
        if (answer.status() == 401) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_KEY_REJECTED, "The proxy refused the management"
                    + " secret (HTTP 401). It is not offered again, as the proxy bans an address after 5 refused keys:"
                    + " set cliproxy.auth.management_secret in the ccs settings to the proxy's"
                    + " remote-management.secret-key");
        }
        if (answer.status() == 403) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_FORBIDDEN, "The proxy refused this address (HTTP"
                    + " 403): " + shown(json(answer).path("error").asText("forbidden")));
        }
    }

    private static UpstreamResponse ok(UpstreamResponse answer) {
        refusal(answer);
        if (answer.status() != 200) {
            throw unexpected(answer);
        }
        return answer;
    }

    private static UpstreamFailureException unexpected(UpstreamResponse answer) {
        return new UpstreamFailureException(ErrorCode.MANAGEMENT_API_FAILED, WHAT + " answered HTTP "
                + answer.status());
    }

    /** The answer's JSON object; an empty one when it is none (a plain-text 404, say). */
    private static JsonNode json(UpstreamResponse answer) {
        try {
            JsonNode root = UpstreamAnswers.JSON.readTree(answer.body());
            return root != null && root.isObject() ? root : UpstreamAnswers.JSON.createObjectNode();
        } catch (IOException notJson) {
            return UpstreamAnswers.JSON.createObjectNode();
        }
    }

    private HttpRequest.Builder get(int port, String path) {
        return request(port, path).GET();
    }

    private HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v0/management/" + path));
    }

    private UpstreamResponse send(HttpRequest.Builder builder, String secret) {
        HttpRequest request = builder.timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + secret)
                .build();
        return JdkUpstreamCallAdapter.send(client.get(), request, WHAT, timeout);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The proxy's words on one line, short. */
    private static String shown(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() <= MAX_TEXT ? line : line.substring(0, MAX_TEXT) + "...";
    }
}
