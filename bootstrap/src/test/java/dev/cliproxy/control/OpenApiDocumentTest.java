package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.bootstrap.http.ApiServer;
import dev.cliproxy.control.domain.model.AlertDelivery;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document is true: it names exactly the routes the server registers, and real answers of every route
 * (a success and an error each) match its statuses, content types and schemas.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = "test-api-key";

    @TempDir
    Path ccs;
    private LoopbackStub stub;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private JsonNode document;
    private final Set<String> covered = new TreeSet<>();

    @BeforeEach
    void setUp() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/cliproxy/control/bootstrap/http/openapi.yaml")) {
            document = new YAMLMapper().readTree(in);
        }
        // One loopback stub plays the proxy (health and models) and GitHub's releases API.
        stub = LoopbackStub.replying(request -> switch (request.path()) {
            case "/healthz" -> Reply.json(200, "{\"status\":\"ok\"}");
            case "/v1/models" -> Reply.json(200, "{\"data\":[{\"id\":\"m1\",\"owned_by\":\"acme\"}]}");
            case "/repos/router-for-me/CLIProxyAPI/releases/latest" ->
                    Reply.json(200, "{\"tag_name\":\"v6.9.10\",\"prerelease\":false}");
            case "/repos/router-for-me/CLIProxyAPI/releases" -> Reply.json(200,
                    "[{\"tag_name\":\"v6.9.10\",\"prerelease\":false,\"published_at\":\"2026-11-24T10:00:00Z\"}]");
            // The proxy's sign-in routes: a flow that waits for consent.
            case "/v0/management/codex-auth-url" -> Reply.json(200,
                    "{\"status\":\"ok\",\"url\":\"https://auth.example/authorize\",\"state\":\"st-1\"}");
            case "/v0/management/get-auth-status" -> Reply.json(200, "{\"status\":\"wait\"}");
            case "/v0/management/oauth-callback", "/v0/management/oauth-session" ->
                    Reply.json(200, "{\"status\":\"ok\"}");
            default -> Reply.of(404, "");
        });
        int port = stub.port();
        StandInConfig.selectPort(new CcsLayout(ccs), port);
        Files.createDirectories(ccs.resolve("cliproxy/logs"));
        Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"), config(port));
        Files.writeString(ccs.resolve("cliproxy/logs/error-v1-chat-2026-08-22T153012-a1b2c3d4.log"), "Status: 500\n");
        Files.writeString(ccs.resolve("cliproxy/auth/codex-user@example.com.json"), "{\"type\":\"codex\"}");
        InMemoryUsageStore usage = new InMemoryUsageStore();
        usage.store(List.of(UsageTestRecords.record("r1", Instant.now().minusSeconds(60), false),
                UsageTestRecords.record("r2", Instant.now().minusSeconds(30), true)), Optional.empty());
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                .usageStore(usage)
                .proxyBinary(ccs.resolve("no-such-binary"))
                .upstream(Upstream.GITHUB, URI.create("http://127.0.0.1:" + port)).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        http = TestHttpClient.at(server.uri()).withTimeout(TIMEOUT);
    }

    @AfterEach
    void tearDown() {
        if (control != null) {
            control.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void theDocumentNamesExactlyTheRoutesTheServerRegisters() {
        Set<String> served = new TreeSet<>();
        for (ApiRouting.Route route : ApiRouting.routes()) {
            served.add(route.method().text() + " " + template(route.fullPath()));
        }
        served.add("GET " + ApiServer.HEALTH_PATH);
        served.add("GET " + ApiServer.METRICS_PATH);
        Set<String> documented = documentedOperations().stream().map(OpenApiDocumentTest::template)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(served, documented);
    }

    @Test
    void eachRouteOfTheTableHasTheDocumentsSummary() {
        for (ApiRouting.Route route : ApiRouting.routes()) {
            String path = route.fullPath().replaceAll("/\\*$", "/{name}");
            JsonNode operation = document.get("paths").get(path).get(route.method().text().toLowerCase(Locale.ROOT));
            assertNotNull(operation, route + " is not documented");
            assertEquals(operation.get("summary").asText(), route.summary(), route.method() + " " + path);
        }
    }

    @Test
    void realAnswersOfEveryRouteMatchTheDocument() throws Exception {
        int port = stub.port();
        String base = ApiRouting.BASE_PATH;
        // Successes.
        checkEach(base, """
                GET /proxy-status 200
                POST /proxy-start 200
                POST /proxy-stop 200
                POST /proxy-restart 200
                GET /status 200
                POST /restart 200
                GET /models 200
                GET /update-check 200
                GET /versions 200
                GET /quota/iflow/user@example.com 200
                GET /error-logs 200
                GET /error-logs/error-v1-chat-2026-08-22T153012-a1b2c3d4.log 200
                GET /config.yaml 200
                """);
        check("PUT", base + "/config.yaml", 200, JSON.writeValueAsString(Map.of("content", config(port))));
        check("PUT", base + "/config.yaml", 200, "application/yaml", config(port));
        checkEach(base, """
                GET /config.yaml/backup 200
                GET /control-settings 200
                """);
        check("PUT", base + "/control-settings", 200, JSON.writeValueAsString(Map.of(
                "supervision", Map.of("enabled", true, "maxCrashes", 3, "crashWindow", "2m"),
                "webhooks", Map.of("url", "https://hooks.test/x", "secret", "never-shown"))));
        check("GET", base + "/control-settings", 200);
        check("PUT", base + "/control-settings", 200, JSON.writeValueAsString(Map.of(
                "automation", Map.of("enabled", false, "pollInterval", "1m"),
                "alerts", Map.of("webhooks", Map.of("ops", Map.of("url", "http://127.0.0.1:" + port + "/hook",
                        "events", List.of("account-paused"), "secret", "never-shown"))))));
        checkEach(base, """
                GET /control-settings/defaults 200
                GET /auth-files 200
                GET /auth-files/download?name=codex-user@example.com.json 200
                GET /accounts 200
                POST /accounts/codex/codex-user@example.com/pause 200
                GET /accounts 200
                POST /accounts/codex/codex-user@example.com/resume 200
                """);
        // The pause went to the webhook (which the stub refuses with 404: a final failure).
        Await.until(() -> stub.hits("/hook") == 1, "the webhook delivery");
        Await.until(() -> control.alerts().deliveries().deliveries().stream()
                .allMatch(d -> d.state() == AlertDelivery.State.FAILED), "the delivery's end");
        checkEach(base, """
                GET /alerts 200
                POST /accounts/import 200 {"type":"claude","email":"new@example.com"}
                DELETE /accounts/claude/claude-new@example.com 200
                POST /accounts/claude/claude-new@example.com/restore 200
                POST /accounts/codex/login 200
                GET /accounts/login/st-1 200
                POST /accounts/login/st-1/callback 200 {"redirectUrl":"http://localhost:1455/auth/callback?code=c&state=st-1"}
                DELETE /accounts/login/st-1 200
                GET /openapi.yaml 200
                GET /install 200
                """);
        check("GET", "/health", 200);
        check("GET", "/metrics", 200);
        checkEach(base, """
                GET /usage?groupBy=day,model 200
                GET /usage?from=0&groupBy=apiKey 200
                GET /usage?from=0&groupBy=instance,day 200
                GET /usage/requests?limit=1 200
                GET /usage/export 200
                GET /usage/export?format=jsonl 200
                GET /usage/status 200
                """);
        checkEvents();
        checkFleet(port);
        // Errors: every path refuses a method it does not serve, and the routes' own failures.
        for (String path : List.of("/proxy-status", "/proxy-start", "/proxy-stop", "/proxy-restart", "/status",
                "/restart", "/events",
                "/models", "/update-check", "/versions", "/quota/codex/a", "/error-logs", "/error-logs/x.log",
                "/config.yaml", "/config.yaml/backup", "/control-settings", "/control-settings/defaults", "/auth-files", "/auth-files/download",
                "/accounts", "/accounts/codex/a/pause", "/accounts/codex/a/resume", "/alerts", "/openapi.yaml",
                "/install", "/rollback", "/usage", "/usage/requests", "/usage/export", "/usage/status")) {
            check("DELETE", base + path, 405);
        }
        check("DELETE", "/metrics", 405);
        checkEach(base, """
                GET /usage?groupBy=week 400
                GET /usage?from=yesterday 400
                GET /usage/requests?limit=0 400
                GET /usage/requests?cursor=x 400
                GET /usage/export?format=xml 400
                GET /quota/qwen/user@example.com 400
                GET /quota/codex/nobody@example.com 404
                GET /error-logs?limit=x 400
                GET /error-logs/main.log 400
                GET /error-logs/error-none.log 404
                PUT /config.yaml 400 {"nope":1}
                """);
        check("PUT", base + "/config.yaml", 400, "text/yaml", "a: &a [*a]\n");
        checkEach(base, """
                PUT /control-settings 400 {"supervision":{"maxCrash":3}}
                GET /auth-files/download 400
                POST /install 400 {"version":"latest"}
                """);
        // --proxy-binary names the binary here: install and rollback do not manage it.
        checkEach(base, """
                POST /install 409
                POST /rollback 409
                GET /auth-files/download?name=nobody.json 404
                POST /accounts/codex/codex-user@example.com/resume 409
                POST /accounts/codex/nobody/pause 404
                POST /accounts/codex/a..b/pause 400
                POST /accounts/import 409 {"type":"claude","email":"new@example.com"}
                POST /accounts/import 400 {"type":"qwen","email":"new@example.com"}
                """);
        check("POST", base + "/accounts/import", 413, "{\"type\":\"claude\",\"pad\":\"" + "x".repeat(70_000)
                + "\"}");
        checkEach(base, """
                POST /accounts/claude/claude-new@example.com/restore 404
                DELETE /accounts/claude/claude-new@example.com 200
                POST /accounts/import 200 {"type":"claude","email":"new@example.com"}
                POST /accounts/claude/claude-new@example.com/restore 409
                POST /accounts/claude/a..b/restore 400
                DELETE /accounts/codex/nobody 404
                DELETE /accounts/codex/a..b 400
                POST /accounts/qwen/login 400
                GET /accounts/login/a..b 400
                GET /accounts/login/st-9 404
                DELETE /accounts/login/st-9 404
                DELETE /accounts/login/st-1 409
                POST /accounts/login/st-1/callback 409 {"redirectUrl":"http://localhost:1455/auth/callback?code=c"}
                POST /accounts/login/st-9/callback 404 {"redirectUrl":"http://x/?code=c"}
                POST /accounts/login/st-1/callback 400 {}
                """);
        check("POST", base + "/accounts/login/st-1/callback", 413, "{\"redirectUrl\":\"" + "x".repeat(20_000)
                + "\"}");
        checkEach(base, """
                GET /accounts/import 405
                GET /accounts/codex/login 405
                PUT /accounts/login/st-1 405
                GET /accounts/login/st-1/callback 405
                GET /accounts/codex/a 405
                GET /accounts/codex/a/restore 405
                """);
        HttpResponse<String> precondition = http.put(base + "/config.yaml",
                JSON.writeValueAsString(Map.of("content", config(port))), "If-Match", "\"stale\"");
        validate("PUT", base + "/config.yaml", precondition, 412);
        HttpResponse<String> settingsPrecondition = http.put(base + "/control-settings", "{}",
                "If-Match", "\"stale\"");
        validate("PUT", base + "/control-settings", settingsPrecondition, 412);

        Set<String> missing = documentedOperations();
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "operations with no answer checked: " + missing);
    }

    /** The fleet's routes, and each instance's own: the current port's local instance and a registered remote. */
    private void checkFleet(int port) throws Exception {
        String fleet = ApiRouting.FLEET_PATH;
        String local = fleet + "/instances/local-" + port;
        check("GET", fleet + "/instances", 200);
        check("POST", fleet + "/instances", 201, JSON.writeValueAsString(Map.of("name", "Doc remote",
                "baseUrl", "http://127.0.0.1:" + port, "managementKey", "doc-key")));
        check("POST", fleet + "/instances", 409, JSON.writeValueAsString(Map.of("name", "Doc remote",
                "baseUrl", "http://127.0.0.1:" + port)));
        checkEach(fleet, """
                POST /instances 400 {"name":"x","baseUrl":"ftp://h"}
                GET /status 200
                GET /quota 200
                """);
        checkEach(local, """
                GET /proxy-status 200
                POST /proxy-start 200
                POST /proxy-stop 200
                POST /proxy-restart 200
                """);
        check("POST", fleet + "/instances/doc-remote/proxy-start", 409);
        checkEach(local, """
                GET /models 200
                GET /error-logs 200
                GET /error-logs/error-v1-chat-2026-08-22T153012-a1b2c3d4.log 200
                GET /config.yaml 200
                """);
        check("PUT", local + "/config.yaml", 200, "application/yaml", config(port));
        checkEach(local, """
                GET /auth-files 200
                GET /auth-files/download?name=codex-user@example.com.json 200
                """);
        check("GET", fleet + "/instances/nobody/proxy-status", 404);
        check("DELETE", local, 409);
        checkEach(fleet, """
                DELETE /instances/doc-remote 200
                DELETE /instances/doc-remote 404
                """);
        for (String path : List.of("/instances", "/status", "/quota", "/instances/local-" + port + "/proxy-status",
                "/instances/x/proxy-start", "/instances/x/models", "/instances/x/error-logs",
                "/instances/x/error-logs/error-x.log", "/instances/x/config.yaml", "/instances/x/auth-files",
                "/instances/x/auth-files/download", "/instances/x/proxy-stop", "/instances/x/proxy-restart")) {
            check("DELETE", fleet + path, 405);
        }
        check("GET", fleet + "/instances/x", 405);
    }

    private void checkEvents() throws Exception {
        String path = ApiRouting.BASE_PATH + "/events";
        HttpResponse<Stream<String>> response = http.send(http.request(path).GET(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            assertEquals(200, response.statusCode());
            JsonNode operation = operation("GET", path);
            JsonNode content = operation.get("responses").get("200").get("content");
            String type = mediaType(response.headers().firstValue("Content-Type").orElseThrow());
            assertNotNull(content.get(type), "undocumented content type " + type);
            Iterator<String> it = lines.iterator();
            String data = null;
            while (data == null && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    data = line.substring(5).strip();
                }
            }
            assertNotNull(data, "no event data");
            assertValid(content.get(type).get("schema"), JSON.readTree(data), "event data");
            covered.add("GET " + templateOf(path));
        }
    }

    @Test
    void anAlertEventsDataMatchesTheDocument() throws Exception {
        String path = ApiRouting.BASE_PATH + "/events";
        HttpResponse<Stream<String>> response = http.send(http.request(path).GET(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && !it.next().startsWith("data:")) {
                // the first event, the status, says the stream is subscribed
            }
            control.accounts().pause("codex", "codex-user@example.com");
            String event = null;
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && "account-paused".equals(event)) {
                    JsonNode schema = operation("GET", path).at("/responses/200/content/text~1event-stream/schema");
                    JsonNode data = JSON.readTree(line.substring(5).strip());
                    assertValid(schema, data, "alert event data");
                    assertEquals("manual", data.get("reason").asText());
                    return;
                }
            }
            throw new AssertionError("no account-paused event");
        }
    }

    /** Every operation of the document, as {@code METHOD /path/{parameter}}. */
    private Set<String> documentedOperations() {
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return documented;
    }

    /**
     * {@link #check}s each row of {@code table} in turn: {@code METHOD path status}, then a JSON body if it sends
     * one; the path follows {@code prefix}.
     */
    private void checkEach(String prefix, String table) throws Exception {
        for (String row : table.strip().split("\n")) {
            String[] cells = row.strip().split("\\s+", 4);
            check(cells[0], prefix + cells[1], Integer.parseInt(cells[2]), cells.length > 3 ? cells[3] : null);
        }
    }

    private HttpResponse<String> check(String method, String pathAndQuery, int status) throws Exception {
        return check(method, pathAndQuery, status, null);
    }

    private HttpResponse<String> check(String method, String pathAndQuery, int status, String body)
            throws Exception {
        return check(method, pathAndQuery, status, "application/json", body);
    }

    private HttpResponse<String> check(String method, String pathAndQuery, int status, String contentType,
                                       String body) throws Exception {
        if (body != null) {
            assertNotNull(operation(method, pathAndQuery).at("/requestBody/content").get(contentType),
                    method + " " + pathAndQuery + ": request content type " + contentType + " not documented");
        }
        HttpResponse<String> response = body == null ? http.send(method, pathAndQuery, null)
                : http.send(method, pathAndQuery, body, "Content-Type", contentType);
        validate(method, pathAndQuery, response, status);
        return response;
    }

    private void validate(String method, String pathAndQuery, HttpResponse<String> response, int status)
            throws IOException {
        String what = method + " " + pathAndQuery;
        assertEquals(status, response.statusCode(), what + " -> " + response.body());
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        JsonNode documented = operation(method, path);
        if (status == 405) {
            // Every path answers 405 to the methods it does not serve; the document says so once per operation.
            documented = firstOperation(path);
        }
        JsonNode answer = documented.get("responses").get(Integer.toString(status));
        assertNotNull(answer, what + ": status " + status + " is not documented");
        answer = resolve(answer);
        JsonNode content = answer.get("content");
        assertNotNull(content, what + ": no content documented");
        String type = mediaType(response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode media = content.get(type);
        assertNotNull(media, what + ": content type " + type + " not documented, only " + content.fieldNames());
        if (type.equals("application/json")) {
            assertValid(media.get("schema"), JSON.readTree(response.body()), what);
        }
        if (status != 405) {
            covered.add(method + " " + templateOf(path));
        }
    }

    private void assertValid(JsonNode schema, JsonNode instance, String what) {
        ObjectNode root = JSON.createObjectNode();
        root.set("components", document.get("components"));
        root.putArray("allOf").add(schema);
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> problems = validator.validate(instance);
        assertTrue(problems.isEmpty(), what + ": " + instance + " does not match the document: " + problems);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asText().substring(2).split("/")) {
            target = target.get(part);
        }
        return target;
    }

    private JsonNode operation(String method, String path) {
        JsonNode item = document.get("paths").get(templateOf(path));
        assertNotNull(item, path + " is not documented");
        JsonNode operation = item.get(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            return firstOperation(path);
        }
        return operation;
    }

    private JsonNode firstOperation(String path) {
        JsonNode item = document.get("paths").get(templateOf(path));
        assertNotNull(item, path + " is not documented");
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (METHODS.contains(name)) {
                return item.get(name);
            }
        }
        throw new AssertionError(path + " has no operation");
    }

    /** The documented path template a concrete path falls under. */
    private String templateOf(String path) {
        for (Iterator<String> templates = document.get("paths").fieldNames(); templates.hasNext(); ) {
            String template = templates.next();
            String pattern = template.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.");
            if (path.matches(pattern)) {
                return template;
            }
        }
        throw new AssertionError(path + " matches no documented path");
    }

    /** Parameters and Helidon's trailing {@code *} alike, so that the two spellings compare equal. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/\\*$", "/{}");
    }

    private static String mediaType(String contentType) {
        return contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String config(int port) {
        return "port: " + port + "\napi-keys:\n  - \"" + KEY + "\"\n";
    }
}
