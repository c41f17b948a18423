package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Recorded;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The adapters of a proxy on another host over its management API, against a loopback stub that answers as
 * CLIProxyAPI does: the key sent only as a bearer, never again once refused, never in anything they report.
 */
class RemoteProxyAdaptersTest {

    private static final String KEY = "mgmt-KEY-0123456789";
    private static final String VERSION = "6.9.6";
    private static final String MANAGEMENT = "/v0/management/";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RemoteProxyClients clients = new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), clock);
    private final Map<String, Function<Recorded, Reply>> routes = new ConcurrentHashMap<>();
    private final List<String> messages = new ArrayList<>();
    private LoopbackStub stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
        messages.forEach(message -> assertFalse(message.contains(KEY), "a message shows the key: " + message));
    }

    /** A stub that is healthy, checks the management key and answers the routes given, else 404 JSON. */
    private RemoteProxyClient client(Optional<String> key) throws IOException {
        stub = LoopbackStub.replying(request -> {
            if (request.path().equals("/healthz")) {
                return Reply.json(200, "{\"status\":\"ok\"}");
            }
            if (!request.path().startsWith(MANAGEMENT)) {
                return routes.getOrDefault(request.path(), r -> Reply.of(404, "404 page not found")).apply(request);
            }
            if (!("Bearer " + KEY).equals(request.header("Authorization"))) {
                return Reply.json(401, "{\"error\":\"invalid management key\"}").withHeader("X-CPA-VERSION", VERSION);
            }
            String route = request.method() + " " + request.path().substring(MANAGEMENT.length());
            return routes.getOrDefault(route, r -> Reply.json(404, "{\"error\":\"not found\"}")).apply(request)
                    .withHeader("X-CPA-VERSION", VERSION);
        });
        return clients.client(new RemoteProxy(URI.create("http://127.0.0.1:" + stub.port()), Optional.empty(), key),
                Optional.empty());
    }

    private RemoteProxyClient client() throws IOException {
        return client(Optional.of(KEY));
    }

    private long managementCalls() {
        return stub.requests().stream().filter(r -> r.path().startsWith(MANAGEMENT)).count();
    }

    private <T extends ControlException> T fails(Class<T> type, Executable action, ErrorCode code) {
        T failure = assertThrows(type, action);
        assertEquals(Optional.of(code), failure.errorCode(), failure.getMessage());
        messages.add(failure.getMessage());
        return failure;
    }

    @Test
    void aHealthyProxyIsReadyWithItsVersionAndItsManagementApiIsAskedOnceInAWhile() throws Exception {
        routes.put("GET debug", r -> Reply.json(200, "{\"debug\":false}"));
        RemoteProxyCheckAdapter check = new RemoteProxyCheckAdapter(client(), clock);

        ProxyStatus.Remote status = check.check(Duration.ofSeconds(2));
        check.check(Duration.ofSeconds(2));

        assertEquals(new ProxyStatus.Remote(URI.create("http://127.0.0.1:" + stub.port()), RemoteState.READY,
                Optional.of(VERSION), Optional.empty()), status);
        assertEquals(2, stub.hits("/healthz"), "health on every check");
        assertEquals(1, managementCalls(), "the management API once in " + RemoteProxyCheckAdapter.RECHECK);
        assertEquals("Bearer " + KEY, stub.requests().stream().filter(r -> r.path().equals(MANAGEMENT + "debug"))
                .findFirst().orElseThrow().header("Authorization"));
        clock.advance(RemoteProxyCheckAdapter.RECHECK);
        check.check(Duration.ofSeconds(2));
        assertEquals(2, managementCalls());
    }

    @Test
    void withoutAKeyTheManagementApiIsNeverAskedForAMissingKeyCountsAsAFailedLogin() throws Exception {
        RemoteProxyClient client = client(Optional.empty());
        ProxyStatus.Remote status = new RemoteProxyCheckAdapter(client, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.NO_MANAGEMENT_KEY, status.state());
        assertTrue(status.running());
        fails(ConflictException.class, () -> new RemoteLogStoreAdapter(client).list(),
                ErrorCode.MANAGEMENT_KEY_MISSING);
        fails(ConflictException.class, () -> new RemoteProxyConfigFileAdapter(client, 1024).read(443),
                ErrorCode.MANAGEMENT_KEY_MISSING);
        assertEquals(List.of(), new RemoteProxySettingsAdapter(client).apiKeys(443));
        assertEquals(0, managementCalls());
    }

    @Test
    void aRefusedKeyIsReportedAndNeverSentAgainByAnyAdapterUntilItIsForgotten() throws Exception {
        RemoteProxyClient client = client(Optional.of("wrong-" + KEY));
        ProxyStatus.Remote refused = new RemoteProxyCheckAdapter(client, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.KEY_REJECTED, refused.state());
        assertEquals(Optional.of(VERSION), refused.version(), "a refusal carries the version too");
        assertTrue(refused.message().orElseThrow().contains("not sent again"), refused.message().orElseThrow());

        for (int i = 0; i < 10; i++) {
            assertEquals(RemoteState.KEY_REJECTED,
                    new RemoteProxyCheckAdapter(client, clock).check(Duration.ofSeconds(2)).state());
            fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(client).list(),
                    ErrorCode.MANAGEMENT_KEY_REJECTED);
            fails(UpstreamFailureException.class, () -> new RemoteAuthFileStoreAdapter(client).list(),
                    ErrorCode.MANAGEMENT_KEY_REJECTED);
        }
        assertEquals(1, managementCalls(), "one failed login in all: the proxy bans after five");

        RemoteProxyClient sameKeyAgain = clients.client(client.target(), Optional.empty());
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(sameKeyAgain).list(),
                ErrorCode.MANAGEMENT_KEY_REJECTED);
        assertEquals(1, managementCalls(), "a new client of the same key remembers it");

        clients.forgetRefusal(client.target());
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(client).list(),
                ErrorCode.MANAGEMENT_KEY_REJECTED);
        assertEquals(2, managementCalls(), "forgotten, it is tried once more");

        routes.put("GET request-error-logs", r -> Reply.json(200, "{\"files\":[]}"));
        RemoteProxyClient rightKey = clients.client(new RemoteProxy(client.target().baseUri(), Optional.empty(),
                Optional.of(KEY)), Optional.empty());
        assertEquals(List.of(), new RemoteLogStoreAdapter(rightKey).list(), "another key is another matter");
    }

    @Test
    void anAddressTheProxyRefusesIsNotAskedAgainForAWhile() throws Exception {
        Function<Recorded, Reply> banned = r -> Reply.json(403, "{\"error\":\"IP banned due to too many failed"
                + " attempts. Try again in 29m59s\"}");
        routes.put("GET debug", banned);
        routes.put("GET request-error-logs", banned);
        RemoteProxyClient client = client();
        ProxyStatus.Remote status = new RemoteProxyCheckAdapter(client, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.FORBIDDEN, status.state());
        assertTrue(status.message().orElseThrow().contains("IP banned"), status.message().orElseThrow());
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(client).list(),
                ErrorCode.MANAGEMENT_FORBIDDEN);
        assertEquals(1, managementCalls());
        clock.advance(ManagementRefusals.FORBIDDEN_HOLD_OFF);
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(client).list(),
                ErrorCode.MANAGEMENT_FORBIDDEN);
        assertEquals(2, managementCalls(), "asked again once the hold-off has passed");
    }

    @Test
    void aProxyWithoutManagementApiOrFailingIsSaidSoInTheProxysWordsClearedOfTheKey() throws Exception {
        RemoteProxyClient client = client();
        ProxyStatus.Remote off = new RemoteProxyCheckAdapter(client, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.MANAGEMENT_UNAVAILABLE, off.state(), "GET debug answers 404: no management API");
        assertTrue(off.running(), "the proxy itself answered");
        assertTrue(off.message().orElseThrow().contains("secret-key"), off.message().orElseThrow());
        routes.put("GET request-error-logs", r -> Reply.of(404, "404 page not found"));
        UpstreamFailureException noApi = fails(UpstreamFailureException.class,
                () -> new RemoteLogStoreAdapter(client).list(), ErrorCode.MANAGEMENT_FORBIDDEN);
        assertTrue(noApi.detail().orElseThrow().contains("remote-management.secret-key"));
        routes.put("GET request-error-logs", r -> Reply.json(500, "{\"error\":\"failed\",\"message\":\"cannot read "
                + "logs for key " + KEY + "\"}"));
        UpstreamFailureException failed = fails(UpstreamFailureException.class,
                () -> new RemoteLogStoreAdapter(client).list(), ErrorCode.REMOTE_ERROR);
        assertTrue(failed.detail().orElseThrow().contains("HTTP 500: cannot read logs for key ***"),
                failed.detail().orElseThrow());
        routes.put("GET request-error-logs", r -> Reply.of(200, "not json"));
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(client).list(), ErrorCode.REMOTE_ERROR);
    }

    @Test
    void nothingAnsweringIsUnreachableAndSomethingElseAnsweringIsNotAProxy() throws Exception {
        int closed = StandInConfig.freePort();
        RemoteProxyClient nobody = clients.client(new RemoteProxy(URI.create("http://127.0.0.1:" + closed),
                Optional.empty(), Optional.of(KEY)), Optional.empty());
        ProxyStatus.Remote down = new RemoteProxyCheckAdapter(nobody, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.UNREACHABLE, down.state());
        assertFalse(down.running());
        assertTrue(down.message().orElseThrow().contains("could not be reached"), down.message().orElseThrow());
        assertEquals(ProbeResult.NO_ANSWER, new RemoteProxyApiAdapter(nobody).probe(closed, Duration.ofSeconds(2)));
        fails(UpstreamFailureException.class, () -> new RemoteLogStoreAdapter(nobody).list(),
                ErrorCode.REMOTE_UNREACHABLE);

        stub = LoopbackStub.replying(request -> request.path().equals("/")
                ? Reply.json(200, "{\"message\":\"" + JdkProxyApiAdapter.BANNER + "\"}") : Reply.of(404, ""));
        RemoteProxyClient legacy = clients.client(new RemoteProxy(URI.create("http://127.0.0.1:" + stub.port()),
                Optional.empty(), Optional.empty()), Optional.empty());
        assertEquals(RemoteState.NO_MANAGEMENT_KEY, new RemoteProxyCheckAdapter(legacy, clock)
                .check(Duration.ofSeconds(2)).state(), "a proxy before /healthz shows its banner on /");
        assertEquals(ProbeResult.PROXY, new RemoteProxyApiAdapter(legacy).probe(1, Duration.ofSeconds(2)));
        stub.reply(request -> Reply.of(200, "<html>router</html>"));
        ProxyStatus.Remote other = new RemoteProxyCheckAdapter(legacy, clock).check(Duration.ofSeconds(2));
        assertEquals(RemoteState.UNREACHABLE, other.state());
        assertTrue(other.message().orElseThrow().contains("not CLIProxyAPI"), other.message().orElseThrow());
    }

    @Test
    void aProxyThatNeverAnswersTimesOutWithinTheCheck() throws Exception {
        stub = LoopbackStub.replying(request -> Reply.heldBack());
        RemoteProxyClient client = clients.client(new RemoteProxy(URI.create("http://127.0.0.1:" + stub.port()),
                Optional.empty(), Optional.of(KEY)), Optional.empty());
        long start = System.nanoTime();
        ProxyStatus.Remote status = new RemoteProxyCheckAdapter(client, clock).check(Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(RemoteState.TIMED_OUT, status.state());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        RemoteProxyClient slow = new RemoteProxyClients(Duration.ofMillis(300), Map.of(), clock)
                .client(client.target(), Optional.empty());
        fails(dev.cliproxy.control.domain.error.UpstreamTimeoutException.class,
                () -> new RemoteLogStoreAdapter(slow).list(), ErrorCode.REMOTE_TIMEOUT);
    }

    @Test
    void errorLogsAreListedAndServedByNameAndTellNothingOfTheirContent() throws Exception {
        routes.put("GET request-error-logs", r -> Reply.json(200, """
                {"files":[{"name":"error-v1-chat-2026-08-22T153012-a1b2c3d4.log","size":12,"modified":1755876612},
                          {"name":"../escape.log","size":1,"modified":1},{"name":"main.log","size":1,"modified":1}]}"""));
        routes.put("GET request-error-logs/error-v1-chat-2026-08-22T153012-a1b2c3d4.log",
                r -> Reply.of(200, "=== RESPONSE ===\nStatus: 500\n"));
        RemoteLogStoreAdapter logs = new RemoteLogStoreAdapter(client());

        StoredFile log = logs.list().getFirst();
        assertEquals(List.of(new StoredFile("error-v1-chat-2026-08-22T153012-a1b2c3d4.log", 12,
                Instant.ofEpochSecond(1755876612))), logs.list());
        assertEquals(ErrorLogMetadata.NONE, logs.metadata(log));
        assertEquals(Path.of(""), logs.directory());
        try (FileContent content = logs.open(ErrorLogName.parse(log.name()).orElseThrow()).orElseThrow()) {
            assertEquals("=== RESPONSE ===\nStatus: 500\n", new String(content.stream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        assertEquals(Optional.empty(), logs.open(ErrorLogName.parse("error-none.log").orElseThrow()));
    }

    @Test
    void authFilesOnTheProxysDiskAreListedAndDownloaded() throws Exception {
        routes.put("GET auth-files", r -> Reply.json(200, """
                {"files":[{"name":"codex-a@x.json","size":40,"modtime":"2026-11-29T10:00:00+01:00","source":"file",
                           "type":"codex","email":"a@x"},
                          {"name":"gemini-runtime","size":0,"source":"memory","type":"gemini"},
                          {"name":"claude-b@x.json","size":-3,"updated_at":"2026-11-28T00:00:00Z"},
                          {"name":"old.json","size":5,"modtime":"yesterday","source":"file"}]}"""));
        routes.put("GET auth-files/download", r -> r.uri().getRawQuery().equals("name=codex-a%40x.json")
                ? Reply.of(200, "{\"type\":\"codex\"}") : Reply.json(404, "{\"error\":\"file not found\"}"));
        RemoteAuthFileStoreAdapter files = new RemoteAuthFileStoreAdapter(client());

        assertEquals(List.of(new StoredFile("codex-a@x.json", 40, Instant.parse("2026-11-29T09:00:00Z")),
                new StoredFile("claude-b@x.json", 0, Instant.parse("2026-11-28T00:00:00Z")),
                new StoredFile("old.json", 5, Instant.EPOCH)), files.list());
        assertEquals(Path.of(""), files.directory());
        try (FileContent content = files.open(AuthFileName.parse("codex-a@x.json").orElseThrow()).orElseThrow()) {
            assertArrayEquals("{\"type\":\"codex\"}".getBytes(StandardCharsets.UTF_8), content.stream().readAllBytes());
        }
        assertEquals(Optional.empty(), files.open(AuthFileName.parse("nobody.json").orElseThrow()));
    }

    @Test
    void theConfigIsReadAndWrittenThroughTheManagementApiCheckedHereFirst() throws Exception {
        List<String> written = new ArrayList<>();
        routes.put("GET config.yaml", r -> Reply.of(200, "port: 8317\napi-keys: [k]\n"));
        routes.put("PUT config.yaml", r -> {
            written.add(r.header("Content-Type") + " " + r.body());
            return r.body().contains("refuse") ? Reply.json(422, "{\"error\":\"invalid_config\",\"message\":\"bad\"}")
                    : Reply.json(200, "{\"ok\":true,\"changed\":[\"config\"]}");
        });
        RemoteProxyConfigFileAdapter config = new RemoteProxyConfigFileAdapter(client(), 1024);

        ConfigDocument document = config.read(443).orElseThrow();
        assertEquals(Path.of("config.yaml"), document.path());
        assertEquals(EntityTag.of("port: 8317\napi-keys: [k]\n".getBytes(StandardCharsets.UTF_8)), document.etag());
        assertEquals(8317, config.listenPort(443), "its current config's port, not the URL's");

        assertEquals(EntityTag.of("port: 8317\n".getBytes(StandardCharsets.UTF_8)), config.replace(443, "port: 8317\n",
                new WritePrecondition.MatchesAny(List.of(document.etag()))).etag());
        fails(PreconditionFailedException.class, () -> config.replace(443, "port: 8317\n",
                new WritePrecondition.MatchesAny(List.of(new EntityTag("stale")))), ErrorCode.ETAG_MISMATCH);
        fails(InvalidInputException.class, () -> config.replace(443, "a: &a [*a]\n",
                new WritePrecondition.Unconditional()), ErrorCode.INVALID_YAML);
        InvalidInputException refused = fails(InvalidInputException.class, () -> config.replace(443,
                "port: 8317\nrefuse: true\n", new WritePrecondition.Unconditional()), ErrorCode.INVALID_YAML);
        assertTrue(refused.detail().orElseThrow().endsWith("refused the config: bad"), refused.detail().orElseThrow());
        assertEquals(List.of("application/yaml; charset=utf-8 port: 8317\n",
                "application/yaml; charset=utf-8 port: 8317\nrefuse: true\n"), written,
                "nothing is sent that the rules refuse or the precondition stops");

        routes.put("GET config.yaml", r -> Reply.of(200, "api-keys: [k]\n"));
        assertEquals(8317, config.listenPort(443), "a config without a port listens on 8317");
        routes.put("GET config.yaml", r -> Reply.of(200, "a: [unclosed\n"));
        assertEquals(443, config.listenPort(443), "a config the rules refuse says nothing");
        routes.remove("GET config.yaml");
        assertEquals(Optional.empty(), config.read(443));
        assertEquals(443, config.listenPort(443));
    }

    @Test
    void theSettingsOfAProxyOnAnotherHostAreItsUrlAndKeys() throws Exception {
        routes.put("GET api-keys", r -> Reply.json(200, "{\"api-keys\":[\"sk-one\",\"\",7,\"sk-two\"]}"));
        RemoteProxyClient client = client();
        RemoteProxySettingsAdapter settings = new RemoteProxySettingsAdapter(client);
        assertEquals(stub.port(), settings.lifecyclePort());
        assertEquals(List.of("sk-one", "sk-two"), settings.apiKeys(1));
        assertEquals(Optional.of(KEY), settings.managementSecret(1));
        assertEquals(new ClientKeys(ClientKeys.DEFAULTS.apiKey(), KEY), settings.clientKeys());
        long asked = managementCalls();

        RemoteProxySettingsAdapter withToken = new RemoteProxySettingsAdapter(clients.client(new RemoteProxy(
                client.target().baseUri(), Optional.of("client-token"), Optional.empty()), Optional.empty()));
        assertEquals(List.of(), withToken.apiKeys(1), "the configured client key is the one sent");
        assertEquals(new ClientKeys("client-token", ClientKeys.DEFAULTS.managementSecret()), withToken.clientKeys());
        assertEquals(asked, managementCalls());
    }

    @Test
    void theModelsAreAskedAtTheProxysUrlWithTheKeyGiven() throws Exception {
        routes.put("/v1/models", r -> "Bearer sk-one".equals(r.header("Authorization"))
                ? Reply.json(200, "{\"data\":[{\"id\":\"gpt-5\",\"owned_by\":\"openai\"}]}")
                : Reply.json(401, "{\"error\":\"Invalid API key\"}"));
        RemoteProxyApiAdapter api = new RemoteProxyApiAdapter(client());
        assertEquals("gpt-5", api.models(443, Optional.of("sk-one"), Duration.ofSeconds(2)).models().getFirst().id());
        assertEquals(Optional.of(ErrorCode.PROXY_REJECTED_KEY), assertThrows(ControlException.class,
                () -> api.models(443, Optional.of("sk-bad"), Duration.ofSeconds(2))).errorCode());
    }

    @Test
    void aQuotaFindsTheProxysTokenFileByItsNameElseByItsEmailAndDownloadsOnlyThatOne() throws Exception {
        routes.put("GET auth-files", r -> Reply.json(200, """
                {"files":[{"name":"codex-a@x.json","type":"codex","email":"a@x","source":"file"},
                          {"name":"team-b.json","type":"codex","email":"b@x","source":"file"},
                          {"name":"other-b.json","type":"claude","email":"b@x","source":"file"}]}"""));
        routes.put("GET auth-files/download", r -> Reply.of(200, "{\"name\":\"" + r.uri().getRawQuery() + "\"}"));
        List<String> read = new ArrayList<>();
        RemoteCredentialStoreAdapter tokens = new RemoteCredentialStoreAdapter(client(),
                (provider, name, paused, content) -> {
                    read.add(name + " " + paused + " " + new String(content, StandardCharsets.UTF_8));
                    return Optional.of(new Credential(provider, name, paused, Optional.empty(), "t", Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty()));
                });

        assertEquals("codex-a@x.json", tokens.find(QuotaProvider.CODEX, "a@x").orElseThrow().fileName());
        assertEquals("team-b.json", tokens.find(QuotaProvider.CODEX, "b@x").orElseThrow().fileName());
        assertEquals(Optional.empty(), tokens.find(QuotaProvider.GEMINI, "a@x"));
        assertEquals(List.of("codex-a@x.json false {\"name\":\"name=codex-a%40x.json\"}",
                "team-b.json false {\"name\":\"name=team-b.json\"}"), read);
    }

    @Test
    void aProviderCallGoesThroughTheProxysApiCallWithItsOwnToken() throws Exception {
        routes.put("GET auth-files", r -> Reply.json(200,
                "{\"files\":[{\"auth_index\":\"7f3\",\"name\":\"claude-u@x.json\",\"email\":\"u@x\"}]}"));
        List<String> calls = new ArrayList<>();
        routes.put("POST api-call", r -> {
            calls.add(r.body());
            return Reply.json(200, "{\"status_code\":200,\"header\":{},\"body\":\"{}\"}");
        });
        RemoteProxyManagementAdapter management = new RemoteProxyManagementAdapter(client());
        Credential credential = new Credential(QuotaProvider.CLAUDE, "claude-u@x.json", false, Optional.of("u@x"),
                "local-token", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        assertEquals(200, management.apiCall(443, KEY, credential, UpstreamRequest.get(
                URI.create("https://api.anthropic.com/api/oauth/usage"), Map.of(), "Bearer")).status());
        assertTrue(calls.getFirst().contains("\"auth_index\":\"7f3\"") && calls.getFirst().contains("$TOKEN$"));
        assertFalse(calls.getFirst().contains("local-token"), "the token never leaves this process");
    }

    @Test
    void aHealthAnswerThatIsNotOkLeavesOnlyTheRestOfTheDeadlineToTheBanner() throws Exception {
        // /healthz answers at once but not "ok"; / never answers: the check ends with the deadline it was given.
        stub = LoopbackStub.replying(request -> request.path().equals("/healthz")
                ? Reply.json(404, "{\"error\":\"not found\"}") : Reply.heldBack());
        RemoteProxyClient client = clients.client(new RemoteProxy(URI.create("http://127.0.0.1:" + stub.port()),
                Optional.empty(), Optional.empty()), Optional.empty());

        assertEquals(RemoteState.TIMED_OUT, client.health(Duration.ofMillis(500)).state());
    }

    @Test
    void aManagementAnswerIsUsedOnlyAsA200WithAJsonObject() throws Exception {
        RemoteProxyClient client = client();
        routes.put("GET auth-files", r -> Reply.json(200, "{\"files\":[]}"));
        assertTrue(client.managementJson("auth-files").path("files").isArray());

        routes.put("GET auth-files", r -> Reply.json(200, "[{\"files\":[]}]"));
        fails(UpstreamFailureException.class, () -> client.managementJson("auth-files"), ErrorCode.REMOTE_ERROR);
        routes.put("GET auth-files", r -> Reply.json(201, "{\"files\":[]}"));
        fails(UpstreamFailureException.class, () -> client.managementJson("auth-files"), ErrorCode.REMOTE_ERROR);
    }

    @Test
    void theProxysOwnErrorTextFollowsTheStatusCutAfter200CharactersAndABlankOneAddsNothing() throws Exception {
        RemoteProxyClient client = client();
        routes.put("GET auth-files", r -> Reply.json(500, "{\"message\":\"" + "e".repeat(200) + "\"}"));
        assertTrue(fails(UpstreamFailureException.class, () -> client.managementJson("auth-files"),
                ErrorCode.REMOTE_ERROR).getMessage().endsWith("HTTP 500: " + "e".repeat(200)));
        routes.put("GET auth-files", r -> Reply.json(500, "{\"message\":\"" + "e".repeat(201) + "\"}"));
        assertTrue(fails(UpstreamFailureException.class, () -> client.managementJson("auth-files"),
                ErrorCode.REMOTE_ERROR).getMessage().endsWith("HTTP 500: " + "e".repeat(200) + "..."));
        routes.put("GET auth-files", r -> Reply.json(500, "{\"message\":\"  \"}"));
        assertTrue(fails(UpstreamFailureException.class, () -> client.managementJson("auth-files"),
                ErrorCode.REMOTE_ERROR).getMessage().endsWith("HTTP 500"));
    }
}
