package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proxy's sign-in routes as CLIProxyAPI answers them, played by a loopback stub. */
class JdkProxyLoginAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "mgmt-secret";
    private final JdkProxyLoginAdapter login = new JdkProxyLoginAdapter(Duration.ofSeconds(5));

    @Test
    void aStartAsksTheFlowsRouteForTheWebUiWithTheKey() throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(200,
                "{\"status\":\"ok\",\"url\":\"https://auth.example/authorize?x=1\",\"state\":\"st-1\"}"))) {
            ProxyLoginStart started = login.start(proxy.port(), SECRET, "gemini-cli");

            assertEquals(new ProxyLoginStart.Started("https://auth.example/authorize?x=1", "st-1"), started);
            LoopbackStub.Recorded request = proxy.lastRequest();
            assertEquals("GET", request.method());
            assertEquals("/v0/management/gemini-cli-auth-url", request.path());
            assertEquals("is_webui=true", request.uri().getQuery());
            assertEquals("Bearer " + SECRET, request.header("Authorization"));
            assertEquals(1, proxy.requests().size(), "one request");
        }
    }

    @Test
    void aFlowTheProxyLacksIsUnsupportedWithItsVersionAndAMissingApiIsSaidSo() throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> request.path().endsWith("get-auth-status")
                ? Reply.json(200, "{\"status\":\"ok\"}").withHeader("X-CPA-VERSION", "7.2.140")
                : Reply.of(404, "404 page not found"))) {
            assertEquals(new ProxyLoginStart.Unsupported(Optional.of("7.2.140")),
                    login.start(proxy.port(), SECRET, "iflow"));
        }
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.of(404, "404 page not found"))) {
            ConflictException off = assertThrows(ConflictException.class,
                    () -> login.start(proxy.port(), SECRET, "codex"));
            assertEquals(Optional.of(ErrorCode.MANAGEMENT_DISABLED), off.errorCode());
            assertTrue(off.detail().orElseThrow().contains("secret-key"), off.toString());
        }
        try (LoopbackStub proxy = LoopbackStub.replying(request -> request.path().endsWith("get-auth-status")
                ? Reply.json(200, "{\"status\":\"ok\"}") : Reply.of(404, "404 page not found")
                .withHeader("X-CPA-VERSION", "6.9.6"))) {
            assertEquals(new ProxyLoginStart.Unsupported(Optional.of("6.9.6")),
                    login.start(proxy.port(), SECRET, "xai"));
        }
    }

    @Test
    void aStartWithoutUrlOrStateIsNoStart() throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(200, "{\"status\":\"ok\"}"))) {
            assertCode(ErrorCode.INVALID_UPSTREAM_RESPONSE, assertThrows(UpstreamFailureException.class,
                    () -> login.start(proxy.port(), SECRET, "codex")));
        }
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(500, "{\"error\":\"boom\"}"))) {
            UpstreamFailureException failed = assertThrows(UpstreamFailureException.class,
                    () -> login.start(proxy.port(), SECRET, "codex"));
            assertCode(ErrorCode.MANAGEMENT_API_FAILED, failed);
            assertTrue(failed.detail().orElseThrow().contains("HTTP 500"));
        }
    }

    @Test
    void aRefusedKeyOrAddressIsReportedAsSuchAfterOneRequest() throws IOException {
        for (String path : new String[] {"start", "progress", "callback", "cancel"}) {
            try (LoopbackStub proxy = LoopbackStub.replying(request ->
                    Reply.json(401, "{\"error\":\"invalid management key\"}"))) {
                UpstreamFailureException refused = assertThrows(UpstreamFailureException.class,
                        () -> call(path, proxy.port(), "wrong"));
                assertCode(ErrorCode.MANAGEMENT_KEY_REJECTED, refused);
                assertTrue(refused.detail().orElseThrow().contains("HTTP 401"), refused.toString());
                assertFalse(refused.getMessage().contains("wrong"), "the secret is never told");
                assertEquals(1, proxy.requests().size(), path + ": never retried");
            }
            try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(403,
                    "{\"error\":\"IP banned due to too many failed attempts. Try again in 29m\"}"))) {
                UpstreamFailureException banned = assertThrows(UpstreamFailureException.class,
                        () -> call(path, proxy.port(), SECRET));
                assertCode(ErrorCode.MANAGEMENT_FORBIDDEN, banned);
                assertTrue(banned.detail().orElseThrow().contains("IP banned"), banned.toString());
                assertEquals(1, proxy.requests().size());
            }
        }
    }

    @Test
    void progressIsTheProxysWordForIt() throws IOException {
        assertEquals(new ProxyLoginProgress.Waiting(), progress(200, "{\"status\":\"wait\"}"));
        assertEquals(new ProxyLoginProgress.Done(), progress(200, "{\"status\":\"ok\"}"));
        assertEquals(new ProxyLoginProgress.Failed("Timeout waiting for OAuth callback"),
                progress(200, "{\"status\":\"error\",\"error\":\"Timeout waiting for OAuth callback\"}"));
        assertEquals(new ProxyLoginProgress.Failed("invalid state"),
                progress(400, "{\"status\":\"error\",\"error\":\"invalid state\"}"));
        assertEquals(new ProxyLoginProgress.Failed("the sign-in failed"), progress(200, "{\"status\":\"error\"}"));
        assertEquals(new ProxyLoginProgress.Failed("x".repeat(200) + "..."),
                progress(200, "{\"status\":\"error\",\"error\":\"" + "x".repeat(300) + "\"}"));
        for (String odd : new String[] {"{\"status\":\"maybe\"}", "[]", "not json"}) {
            assertCode(ErrorCode.MANAGEMENT_API_FAILED, assertThrows(UpstreamFailureException.class,
                    () -> progress(200, odd)));
        }
        assertCode(ErrorCode.MANAGEMENT_API_FAILED, assertThrows(UpstreamFailureException.class,
                () -> progress(500, "{\"status\":\"ok\"}")));
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(200, "{\"status\":\"wait\"}"))) {
            login.progress(proxy.port(), SECRET, "st 1&x");
            assertEquals("/v0/management/get-auth-status", proxy.lastRequest().path());
            assertEquals("state=st+1%26x", proxy.lastRequest().uri().getRawQuery());
        }
    }

    @Test
    void aCallbackPostsTheRedirectForTheFlowAndItsRefusalsAreKept() throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(200, "{\"status\":\"ok\"}"))) {
            login.callback(proxy.port(), SECRET, "gemini-cli", "st-1", "http://localhost:8085/cb?code=c&state=st-1");

            LoopbackStub.Recorded request = proxy.lastRequest();
            assertEquals("POST", request.method());
            assertEquals("/v0/management/oauth-callback", request.path());
            JsonNode body = JSON.readTree(request.body());
            assertEquals("gemini", body.path("provider").asText(), "as v6 names Gemini CLI's callbacks");
            assertEquals("http://localhost:8085/cb?code=c&state=st-1", body.path("redirect_url").asText());
            assertEquals("st-1", body.path("state").asText());
        }
        assertEquals("anthropic", JdkProxyLoginAdapter.callbackProvider("anthropic"));
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> callback(400, "{\"status\":\"error\",\"error\":\"invalid redirect_url\"}"));
        assertCode(ErrorCode.INVALID_CALLBACK, bad);
        assertEquals(Optional.of("The proxy refused the redirect: invalid redirect_url"), bad.detail());
        for (int status : new int[] {404, 409}) {
            ConflictException over = assertThrows(ConflictException.class,
                    () -> callback(status, "{\"status\":\"error\",\"error\":\"unknown or expired state\"}"));
            assertCode(ErrorCode.LOGIN_FINISHED, over);
            assertTrue(over.detail().orElseThrow().endsWith("unknown or expired state"));
        }
        assertCode(ErrorCode.MANAGEMENT_API_FAILED, assertThrows(UpstreamFailureException.class,
                () -> callback(502, "")));
    }

    @Test
    void aCancelDeletesTheSessionAndAnOldProxyWithoutTheRouteIsLeftAlone() throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(200,
                "{\"status\":\"ok\",\"cancelled\":true}"))) {
            login.cancel(proxy.port(), SECRET, "st-1");
            assertEquals("DELETE", proxy.lastRequest().method());
            assertEquals("/v0/management/oauth-session", proxy.lastRequest().path());
            assertEquals("state=st-1", proxy.lastRequest().uri().getRawQuery());
        }
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.of(404, "404 page not found"))) {
            login.cancel(proxy.port(), SECRET, "st-1");
        }
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(500, "{}"))) {
            assertCode(ErrorCode.MANAGEMENT_API_FAILED, assertThrows(UpstreamFailureException.class,
                    () -> login.cancel(proxy.port(), SECRET, "st-1")));
        }
    }

    @Test
    void noAnswerIsUnreachableOrATimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        assertCode(ErrorCode.UPSTREAM_UNREACHABLE, assertThrows(UpstreamFailureException.class,
                () -> login.start(port, SECRET, "codex")));
        JdkProxyLoginAdapter impatient = new JdkProxyLoginAdapter(Duration.ofMillis(200));
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.heldBack())) {
            assertCode(ErrorCode.UPSTREAM_TIMEOUT, assertThrows(UpstreamTimeoutException.class,
                    () -> impatient.progress(proxy.port(), SECRET, "st-1")));
        }
    }

    private ProxyLoginProgress progress(int status, String body) throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(status, body))) {
            return login.progress(proxy.port(), SECRET, "st-1");
        }
    }

    private void callback(int status, String body) throws IOException {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.json(status, body))) {
            login.callback(proxy.port(), SECRET, "codex", "st-1", "http://localhost/cb?code=1");
        }
    }

    private void call(String what, int port, String secret) {
        switch (what) {
            case "start" -> login.start(port, secret, "codex");
            case "progress" -> login.progress(port, secret, "st-1");
            case "callback" -> login.callback(port, secret, "codex", "st-1", "http://localhost/cb?code=1");
            default -> login.cancel(port, secret, "st-1");
        }
    }

    private static void assertCode(ErrorCode code, ControlException e) {
        assertEquals(Optional.of(code), e.errorCode(), e.toString());
    }
}
