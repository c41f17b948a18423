package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Provider calls through the running proxy's management API ({@code /v0/management/}, cliproxyapi.md §3.3, §7):
 * {@code GET auth-files} finds the credential's {@code auth_index}, {@code POST api-call} makes the call with the
 * proxy's current token in place of {@code $TOKEN$}. The token never passes through this process. A proxy that
 * cannot make the call (management routes off, the token file not loaded) means signing the account in again.
 */
public final class JdkProxyManagementApiAdapter implements ProxyManagementPort {

    /** What a proxy without management routes means for an account whose token the proxy would have refreshed. */
    private static final String MANAGEMENT_OFF = "The running proxy's management API is off (its config has no"
            + " remote-management.secret-key), so it cannot refresh this account's token: give its config a"
            + " secret-key and restart it, or sign in to this account again.";

    private final LazyHttpClient client;
    private final Duration timeout;

    public JdkProxyManagementApiAdapter(Duration timeout) {
        this.timeout = timeout;
        this.client = LazyHttpClient.toLocalProxy(timeout);
    }

    @Override
    public UpstreamResponse apiCall(int port, String managementSecret, Credential credential,
                                    UpstreamRequest request) {
        URI base = URI.create("http://127.0.0.1:" + port + "/v0/management/");
        JsonNode files = management(HttpRequest.newBuilder(base.resolve("auth-files")).GET(), managementSecret);
        JsonNode answer = management(HttpRequest.newBuilder(base.resolve("api-call"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(apiCall(files, credential, request))), managementSecret);
        return upstreamAnswer(answer);
    }

    /**
     * The body of {@code api-call} for {@code request} with the credential's {@code auth_index}, found in the
     * proxy's {@code auth-files} listing {@code files}; a conflict when the proxy has not loaded that file.
     */
    static String apiCall(JsonNode files, Credential credential, UpstreamRequest request) {
        JsonNode authIndex = authIndex(files, credential).orElseThrow(() -> new ConflictException(
                ErrorCode.REAUTH_REQUIRED, "The running proxy has not loaded the token file of this account; "
                + "sign in to this account again."));
        ObjectNode call = UpstreamAnswers.JSON.createObjectNode();
        call.set("auth_index", authIndex);
        call.put("method", request.method());
        call.put("url", request.uri().toString());
        ObjectNode header = call.putObject("header");
        request.headers().forEach(header::put);
        header.put("Authorization", request.authScheme() + " $TOKEN$");
        call.put("data", request.body().orElse(""));
        return call.toString();
    }

    /** The file the credential was read from, as the proxy lists it; matched by file name, else by email. */
    private static Optional<JsonNode> authIndex(JsonNode files, Credential credential) {
        JsonNode list = files.path("files");
        Optional<JsonNode> byEmail = Optional.empty();
        for (JsonNode file : list) {
            JsonNode index = file.get("auth_index");
            if (index == null || index.isNull() || index.isContainerNode()) {
                continue;
            }
            if (credential.fileName().equals(file.path("name").asText())) {
                return Optional.of(index);
            }
            if (byEmail.isEmpty() && credential.email().filter(e -> e.equalsIgnoreCase(file.path("email").asText()))
                    .isPresent()) {
                byEmail = Optional.of(index);
            }
        }
        return byEmail;
    }

    /** {@code {"status_code","header","body"}} read as the provider's own answer. */
    static UpstreamResponse upstreamAnswer(JsonNode answer) {
        int status = answer.path("status_code").asInt(0);
        if (status < 100 || status > 599) {
            throw new UpstreamFailureException(ErrorCode.INVALID_UPSTREAM_RESPONSE,
                    "the proxy's api-call answer has no status_code");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = answer.path("header").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue().isArray() ? field.getValue().path(0) : field.getValue();
            if (value.isValueNode()) {
                headers.put(field.getKey(), value.asText());
            }
        }
        JsonNode body = answer.path("body");
        String text = body.isTextual() ? body.asText() : body.isMissingNode() || body.isNull() ? "" : body.toString();
        return new UpstreamResponse(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode management(HttpRequest.Builder builder, String secret) {
        HttpRequest request = builder.timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + secret)
                .build();
        UpstreamResponse response = JdkUpstreamCallAdapter.send(client.get(), request, "the proxy's management API", timeout);
        if (response.status() == 404) {
            // No route at all: a config without secret-key turns the management API off (cliproxyapi.md §3.3), or
            // the version lacks the route. Either way the proxy cannot make the call with its refreshed token.
            throw new ConflictException(ErrorCode.REAUTH_REQUIRED, MANAGEMENT_OFF);
        }
        if (response.status() != 200) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_API_FAILED,
                    "the proxy's management API answered HTTP "
                    + response.status() + " to " + request.uri().getPath()
                    + "; check remote-management.secret-key of its config");
        }
        try {
            JsonNode root = UpstreamAnswers.JSON.readTree(response.body());
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new UpstreamFailureException(ErrorCode.MANAGEMENT_API_FAILED,
                "the proxy's management API answered with something that is not JSON");
    }
}
