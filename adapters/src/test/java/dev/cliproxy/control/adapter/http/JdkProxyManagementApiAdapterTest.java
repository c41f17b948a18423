package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkProxyManagementApiAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "mgmt-secret";
    private static final String FILES = """
            {"files":[{"auth_index":"0a1","name":"codex-other@example.com.json","email":"other@example.com","type":"codex"},
                      {"auth_index":"7f3","name":"claude-user@example.com.json","email":"user@example.com","type":"claude"}]}""";

    private LoopbackStub stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    private Reply management(LoopbackStub.Recorded r, Reply apiCall) {
        if (!("Bearer " + SECRET).equals(r.header("Authorization"))) {
            return Reply.json(401, "{\"error\":\"invalid management key\"}");
        }
        return r.path().equals("/v0/management/auth-files") ? Reply.json(200, FILES) : apiCall;
    }

    private static Credential claude() {
        return new Credential(QuotaProvider.CLAUDE, "claude-user@example.com.json", false,
                Optional.of("user@example.com"), "SECRET-MARKER-stale", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void sendsTheCallThroughApiCallWithTheTokenPlaceholderAndReadsTheUpstreamAnswer() throws Exception {
        stub = LoopbackStub.replying(r -> management(r, Reply.json(200, """
                {"status_code":200,"header":{"Content-Type":["application/json"]},
                 "body":"{\\"five_hour\\":{\\"utilization\\":30,\\"resets_at\\":null}}"}""")));
        int port = stub.uri().getPort();
        JdkProxyManagementApiAdapter adapter = new JdkProxyManagementApiAdapter(Duration.ofSeconds(5));
        List<QuotaEntry> entries = new JdkClaudeQuotaAdapter(URI.create("https://api.anthropic.com"))
                .fetch(claude(), (request, credential) -> adapter.apiCall(port, SECRET, credential, request));
        assertEquals(1, entries.size());
        assertEquals(30L, entries.getFirst().used());

        LoopbackStub.Recorded call = stub.requests().get(1);
        assertEquals("POST", call.method());
        assertEquals("/v0/management/api-call", call.path());
        JsonNode body = JSON.readTree(call.body());
        assertEquals("7f3", body.path("auth_index").asText());
        assertEquals("GET", body.path("method").asText());
        assertEquals("https://api.anthropic.com/api/oauth/usage", body.path("url").asText());
        assertEquals("Bearer $TOKEN$", body.path("header").path("Authorization").asText());
        assertEquals("oauth-2025-04-20", body.path("header").path("anthropic-beta").asText());
        assertFalse(call.body().contains("SECRET-MARKER"), "the file's token never goes to the proxy");
    }

    @Test
    void upstreamStatusesComeBackAsTheProvidersOwn() throws Exception {
        stub = LoopbackStub.replying(r -> management(r, Reply.json(200,
                "{\"status_code\":429,\"header\":{\"Retry-After\":\"9\"},\"body\":\"\"}")));
        UpstreamResponse response = new JdkProxyManagementApiAdapter(Duration.ofSeconds(5)).apiCall(
                stub.uri().getPort(), SECRET, claude(),
                UpstreamRequest.get(URI.create("https://api.anthropic.com/api/oauth/usage"), Map.of(), "Bearer"));
        assertEquals(429, response.status());
        assertEquals(Optional.of("9"), response.header("retry-after"));
    }

    @Test
    void anUnknownCredentialNeedsSigningInAgain() throws Exception {
        stub = LoopbackStub.replying(r -> management(r, Reply.json(200, "{}")));
        Credential unknown = new Credential(QuotaProvider.CODEX, "codex-nobody.json", false, Optional.empty(),
                "t", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ConflictException e = assertThrows(ConflictException.class, () ->
                new JdkProxyManagementApiAdapter(Duration.ofSeconds(5)).apiCall(stub.uri().getPort(), SECRET, unknown,
                        UpstreamRequest.get(URI.create("https://chatgpt.com/x"), Map.of(), "Bearer")));
        assertEquals(Optional.of("reauth_required"), e.code());
        assertEquals(1, stub.requests().size());
    }

    @Test
    void aRefusedManagementKeyIsAnUpstreamFailureThatNamesNoSecret() throws Exception {
        stub = LoopbackStub.replying(r -> management(r, Reply.json(200, "{}")));
        UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () ->
                new JdkProxyManagementApiAdapter(Duration.ofSeconds(5)).apiCall(stub.uri().getPort(), "wrong-key",
                        claude(), UpstreamRequest.get(URI.create("https://x/"), Map.of(), "Bearer")));
        assertEquals(Optional.of("management_api_failed"), e.code());
        assertFalse(e.getMessage().contains("wrong-key"));
    }

    @Test
    void aProxyWhoseManagementApiIsOffCannotRefreshTheTokenSoTheAccountNeedsSigningInAgain() throws Exception {
        // CLIProxyAPI without a secret-key: every management route is a plain 404 (cliproxyapi.md §3.3).
        stub = LoopbackStub.replying(r -> Reply.of(404, "404 page not found"));
        ConflictException e = assertThrows(ConflictException.class, () ->
                new JdkProxyManagementApiAdapter(Duration.ofSeconds(5)).apiCall(stub.uri().getPort(), SECRET, claude(),
                        UpstreamRequest.get(URI.create("https://x/"), Map.of(), "Bearer")));
        assertEquals(Optional.of("reauth_required"), e.code());
        assertTrue(e.detail().orElseThrow().contains("secret-key"), e.toString());
        assertEquals(1, stub.requests().size(), "nothing asked after the listing's 404");
    }

    @Test
    void aProxyWithoutTheApiCallRouteCannotMakeTheCallEither() throws Exception {
        stub = LoopbackStub.replying(r -> management(r, Reply.of(404, "404 page not found")));
        ConflictException e = assertThrows(ConflictException.class, () ->
                new JdkProxyManagementApiAdapter(Duration.ofSeconds(5)).apiCall(stub.uri().getPort(), SECRET, claude(),
                        UpstreamRequest.get(URI.create("https://x/"), Map.of(), "Bearer")));
        assertEquals(Optional.of("reauth_required"), e.code());
    }
}
