package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import dev.cliproxy.control.testkit.InMemoryProxyManagement;
import dev.cliproxy.control.testkit.InMemoryUpstream;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The testkit's management API refuses and answers as the real adapter does against a proxy (a loopback stub
 * playing CLIProxyAPI's {@code /v0/management/} routes) in the same state.
 */
class ProxyManagementFakeIsHonestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "mgmt-secret";
    private static final String ANSWER = "{\"five_hour\":{\"utilization\":30}}";
    private static final UpstreamRequest REQUEST = UpstreamRequest.get(
            URI.create("https://api.anthropic.com/api/oauth/usage"), Map.of(), "Bearer");

    @Test
    void everyRefusalAndAnswerIsTheSame() throws Exception {
        InMemoryUpstream providers = new InMemoryUpstream();
        providers.answer(QuotaProvider.CLAUDE, QuotaAnswer.ok(ANSWER));
        InMemoryProxyManagement fake = new InMemoryProxyManagement(providers);
        ProxyManagementPort real = new JdkProxyManagementApiAdapter(Duration.ofSeconds(5));
        Credential byName = credential("claude-user@example.com.json", "someone@else.org");
        Credential byEmail = credential("claude-renamed.json", "USER@example.com");
        Credential unknown = credential("claude-nobody.json", "nobody@example.com");

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertEquals(outcome(real, closed, SECRET, byName), outcome(fake, closed, SECRET, byName), "no proxy");

        try (LoopbackStub proxy = LoopbackStub.replying(ProxyManagementFakeIsHonestTest::management)) {
            int port = proxy.port();
            fake.serve(port, SECRET);
            fake.load(port, "claude-user@example.com.json", Optional.of("user@example.com"));
            for (Credential credential : List.of(byName, byEmail, unknown)) {
                for (String secret : List.of(SECRET, "wrong")) {
                    assertEquals(outcome(real, port, secret, credential), outcome(fake, port, secret, credential),
                            credential.fileName() + " with secret " + secret);
                }
            }
        }
    }

    @Test
    void aProxyWithItsManagementApiOffRefusesAlike() throws Exception {
        InMemoryProxyManagement fake = new InMemoryProxyManagement(new InMemoryUpstream());
        ProxyManagementPort real = new JdkProxyManagementApiAdapter(Duration.ofSeconds(5));
        Credential credential = credential("claude-user@example.com.json", "user@example.com");
        // CLIProxyAPI without a secret-key in its config: every management route is a plain 404.
        try (LoopbackStub proxy = LoopbackStub.replying(request -> Reply.of(404, "404 page not found"))) {
            fake.serveWithoutManagement(proxy.port());
            fake.load(proxy.port(), credential.fileName(), credential.email());
            for (String secret : List.of(SECRET, "ccs")) {
                assertEquals(outcome(real, proxy.port(), secret, credential),
                        outcome(fake, proxy.port(), secret, credential), "secret " + secret);
                assertEquals(detail(real, proxy.port(), secret, credential),
                        detail(fake, proxy.port(), secret, credential), "what to do, with secret " + secret);
            }
        }
    }

    /** CLIProxyAPI's management routes with one token file loaded, and a provider that answers {@link #ANSWER}. */
    private static Reply management(LoopbackStub.Recorded request) {
        if (!("Bearer " + SECRET).equals(request.header("Authorization"))) {
            return Reply.json(401, "{\"error\":\"invalid management key\"}");
        }
        if (request.path().equals("/v0/management/auth-files")) {
            return Reply.json(200, """
                    {"files":[{"auth_index":"7f3","name":"claude-user@example.com.json","email":"user@example.com"}]}""");
        }
        return Reply.json(200, JSON.createObjectNode().put("status_code", 200).put("body", ANSWER).toString());
    }

    private static String outcome(ProxyManagementPort port, int proxyPort, String secret, Credential credential) {
        try {
            UpstreamResponse response = port.apiCall(proxyPort, secret, credential, REQUEST);
            return response.status() + " " + new String(response.body(), StandardCharsets.UTF_8);
        } catch (ControlException e) {
            return e.getClass().getSimpleName() + " " + e.error() + " " + e.code().orElse("");
        }
    }

    private static Optional<String> detail(ProxyManagementPort port, int proxyPort, String secret,
                                           Credential credential) {
        try {
            port.apiCall(proxyPort, secret, credential, REQUEST);
            return Optional.empty();
        } catch (ControlException e) {
            return e.detail();
        }
    }

    private static Credential credential(String fileName, String email) {
        return new Credential(QuotaProvider.CLAUDE, fileName, false, Optional.of(email), "SECRET-MARKER-stale",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
