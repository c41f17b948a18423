package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing accounts in over real HTTP: this server, the stand-in proxy as a real process with its management API
 * and its loopback consent page, and the token file it writes into {@code auth/}. The whole flow, a redirect pasted
 * from another machine, a cancel, a refused management key, a sign-in nobody completes, a proxy that does not run or
 * lacks the flow.
 */
class AccountLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private CliProxyControl control;
    private TestHttpClient api;
    private final TestHttpClient browser = TestHttpClient.at("");
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Stream<String> stream;

    /** A server over the stand-in's CCS directory, with the proxy started (and its config written) by it. */
    private void serve(UnaryOperator<CliProxyControlBuilder> options, boolean start) throws Exception {
        if (fixture == null) {
            fixture = new StandInFixture(temp);
            // Its port, and no proxy config: the start writes the one the ccs tools would, with auth-dir and secret.
            StandInConfig.selectPort(fixture.layout, fixture.port);
        }
        control = fixture.track(options.apply(fixture.builder().loginPollInterval(Duration.ofMillis(50))).build());
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        api = TestHttpClient.at(server.uri() + "/api/cliproxy");
        if (start) {
            fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        }
        HttpResponse<Stream<String>> response = api.send(HttpRequest.newBuilder(api.uri("/events")),
                HttpResponse.BodyHandlers.ofLines());
        stream = response.body();
        Iterator<String> lines = stream.iterator();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (lines.hasNext()) {
                    String line = lines.next();
                    String name = line.startsWith("event:") ? line.substring("event:".length()).strip() : "";
                    if (name.startsWith("login-") || name.startsWith("account-")) {
                        events.add(name);
                    }
                }
            } catch (RuntimeException closed) {
                // The test is over.
            }
        });
    }

    @AfterEach
    void tearDown() throws IOException {
        if (stream != null) {
            stream.close();
        }
        if (fixture != null) {
            fixture.cleanUp();
        }
    }

    @Test
    void aConsentOnTheProvidersPageAddsTheAccountAndTellsIt() throws Exception {
        serve(b -> b, true);

        JsonNode started = json(api.post("/accounts/codex/login", "", "Content-Type", "application/json"), 200);
        String state = started.get("state").asText();
        assertEquals("codex", started.get("provider").asText());
        assertTrue(started.get("url").asText().startsWith("http://127.0.0.1:" + fixture.port + "/stand-in/consent"));
        assertEquals("wait", json(api.get("/accounts/login/" + state), 200).get("status").asText());

        assertEquals(200, browser.get(started.get("url").asText() + "&email=me@example.com").statusCode());
        JsonNode done = awaitStatus(state, "ok");

        JsonNode account = done.get("account");
        assertEquals("codex-me@example.com.json", account.get("file").asText());
        assertEquals("me@example.com", account.get("email").asText());
        assertEquals("expiring", account.get("state").asText(), "an access token of an hour, as the proxy's");
        assertTrue(account.get("expiresAt").asLong() > System.currentTimeMillis());
        Path file = fixture.layout.authDirectory().resolve("codex-me@example.com.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(api.get("/accounts").body().contains("\"file\":\"codex-me@example.com.json\""));
        String token = JSON.readTree(Files.readString(file)).get("access_token").asText();
        assertFalse(done.toString().contains(token), "no token in the answer: " + done);
        assertEvents("login-started", "account-added");
    }

    @Test
    void aRedirectPastedFromAnotherMachineCompletesTheSignIn() throws Exception {
        serve(b -> b, true);
        JsonNode started = json(api.post("/accounts/claude/login", ""), 200);
        String state = started.get("state").asText();

        // The browser elsewhere lands on the provider's redirect to a loopback address it does not serve.
        HttpResponse<String> consent = browser.get(started.get("url").asText() + "&redirect=1&email=far@example.com");
        assertEquals(302, consent.statusCode());
        String landedOn = consent.headers().firstValue("Location").orElseThrow();

        JsonNode pasted = json(api.post("/accounts/login/" + state + "/callback",
                JSON.createObjectNode().put("redirectUrl", landedOn).toString(), "Content-Type", "application/json"),
                200);
        assertFalse(pasted.toString().contains("code="), "the redirect is never echoed");

        assertEquals("claude-far@example.com.json", awaitStatus(state, "ok").get("account").get("file").asText());
        assertEquals(409, api.post("/accounts/login/" + state + "/callback",
                JSON.createObjectNode().put("redirectUrl", landedOn).toString()).statusCode(), "over");
    }

    @Test
    void aCancelledSignInEndsAtTheProxyToo() throws Exception {
        serve(b -> b, true);
        JsonNode started = json(api.post("/accounts/agy/login", ""), 200);
        String state = started.get("state").asText();

        JsonNode cancelled = json(api.delete("/accounts/login/" + state), 200);

        assertEquals("error", cancelled.get("status").asText());
        assertEquals("Cancelled", cancelled.get("error").asText());
        assertEquals(400, browser.get(started.get("url").asText()).statusCode(), "the proxy no longer waits");
        assertEquals(409, api.delete("/accounts/login/" + state).statusCode());
        assertEvents("login-started", "login-failed");
        assertFalse(Files.exists(fixture.layout.authDirectory()), "no token file was written");
    }

    @Test
    void aRefusedManagementKeyIsReportedAndNeverOfferedAgain() throws Exception {
        serve(b -> b, true);
        Files.writeString(fixture.layout.managementSecretFile(fixture.port), "not-the-secret");

        HttpResponse<String> refused = api.post("/accounts/codex/login", "");
        JsonNode body = json(refused, 502);
        assertEquals("management_key_rejected", body.get("code").asText());
        assertTrue(body.get("message").asText().contains("HTTP 401"), body.toString());
        assertFalse(refused.body().contains("not-the-secret"), "the secret is never told");
        for (int i = 0; i < 6; i++) {
            assertEquals("management_key_rejected", json(api.post("/accounts/codex/login", ""), 502)
                    .get("code").asText());
        }

        assertEquals(1, refusalsSeenByTheProxy(), "one request with the refused key, never a loop");
        Files.writeString(fixture.layout.managementSecretFile(fixture.port), "ccs");
        assertEquals(200, api.post("/accounts/codex/login", "").statusCode(), "the corrected secret is used");
    }

    @Test
    void aSignInNobodyCompletesEndsAtTheDeadline() throws Exception {
        serve(b -> b.loginTimeout(Duration.ofSeconds(1)), true);
        JsonNode started = json(api.post("/accounts/gemini/login", ""), 200);
        String state = started.get("state").asText();

        JsonNode expired = awaitStatus(state, "error");

        assertTrue(expired.get("error").asText().startsWith("Nobody completed the sign-in within 1 s"),
                expired.toString());
        assertEquals(400, browser.get(started.get("url").asText()).statusCode(), "the proxy stopped waiting too");
        assertEvents("login-started", "login-failed");
    }

    @Test
    void aProxyThatDoesNotRunOrLacksTheFlowSaysWhatToDo() throws Exception {
        fixture = new StandInFixture(temp).config("stand-in-login-flows: codex", "remote-management:",
                "  secret-key: \"ccs\"");
        serve(b -> b, false);

        JsonNode down = json(api.post("/accounts/codex/login", ""), 409);
        assertEquals("proxy_not_running", down.get("code").asText());
        assertTrue(down.get("message").asText().contains("proxy-start"), down.toString());

        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        JsonNode lacking = json(api.post("/accounts/gemini/login", ""), 400);
        assertEquals("login_unsupported", lacking.get("code").asText());
        assertTrue(lacking.get("message").asText().startsWith("The running proxy (stand-in) has no gemini-cli"),
                lacking.toString());
        JsonNode copilot = json(api.post("/accounts/ghcp/login", ""), 400);
        assertTrue(copilot.get("message").asText().contains("/api/cliproxy/accounts/import"), copilot.toString());
        assertEquals(400, api.post("/accounts/kiro/login", "").statusCode(), "Plus only");
        assertEquals(200, api.post("/accounts/codex/login", "").statusCode());
    }

    @Test
    void theFacadeSignsInToo() throws Exception {
        serve(b -> b, true);
        var started = control.accounts().login("iflow");
        assertEquals(200, browser.get(started.url() + "&email=f@example.com").statusCode());

        Await.until(() -> control.accounts().loginStatus(started.state()).account().isPresent(), GENEROUS,
                "the sign-in done");
        assertEquals("iflow-f@example.com.json",
                control.accounts().loginStatus(started.state()).account().orElseThrow().token().file());
    }

    private JsonNode awaitStatus(String state, String status) throws Exception {
        List<JsonNode> last = new ArrayList<>();
        Await.until(() -> {
            try {
                JsonNode now = json(api.get("/accounts/login/" + state), 200);
                last.add(now);
                return now.get("status").asText().equals(status);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, GENEROUS, "the sign-in " + status);
        return last.getLast();
    }

    private void assertEvents(String... names) throws InterruptedException {
        for (String name : names) {
            String event = events.poll(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no " + name + " event");
            assertEquals(name, event);
        }
    }

    /** The stand-in prints each refused management key in its output, which start keeps under {@code logs/}. */
    private long refusalsSeenByTheProxy() throws IOException {
        try (Stream<String> lines = Files.lines(fixture.layout.proxyOutputLog(fixture.port))) {
            return lines.filter(line -> line.contains("management key refused")).count();
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }
}
