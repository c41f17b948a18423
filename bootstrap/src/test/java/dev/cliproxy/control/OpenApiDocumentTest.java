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
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.testing.StandInConfig;
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
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + template(path.getKey()));
                    }
                }));
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
        check("GET", base + "/proxy-status", 200);
        check("POST", base + "/proxy-start", 200);
        check("POST", base + "/proxy-stop", 200);
        check("POST", base + "/proxy-restart", 200);
        check("GET", base + "/status", 200);
        check("POST", base + "/restart", 200);
        check("GET", base + "/models", 200);
        check("GET", base + "/update-check", 200);
        check("GET", base + "/versions", 200);
        check("GET", base + "/quota/iflow/user@example.com", 200);
        check("GET", base + "/error-logs", 200);
        check("GET", base + "/error-logs/error-v1-chat-2026-08-22T153012-a1b2c3d4.log", 200);
        HttpResponse<String> config = check("GET", base + "/config.yaml", 200);
        check("PUT", base + "/config.yaml", 200, JSON.writeValueAsString(Map.of("content", config(port))));
        check("PUT", base + "/config.yaml", 200, "application/yaml", config(port));
        check("GET", base + "/control-settings", 200);
        check("PUT", base + "/control-settings", 200, JSON.writeValueAsString(Map.of(
                "supervision", Map.of("enabled", true, "maxCrashes", 3, "crashWindow", "2m"),
                "webhooks", Map.of("url", "https://hooks.test/x", "secret", "never-shown"))));
        check("GET", base + "/control-settings", 200);
        check("GET", base + "/auth-files", 200);
        check("GET", base + "/auth-files/download?name=codex-user@example.com.json", 200);
        check("GET", base + "/accounts", 200);
        check("POST", base + "/accounts/codex/codex-user@example.com/pause", 200);
        check("GET", base + "/accounts", 200);
        check("POST", base + "/accounts/codex/codex-user@example.com/resume", 200);
        check("GET", base + "/openapi.yaml", 200);
        check("GET", base + "/install", 200);
        check("GET", "/health", 200);
        check("GET", "/metrics", 200);
        check("GET", base + "/usage?groupBy=day,model", 200);
        check("GET", base + "/usage?from=0&groupBy=apiKey", 200);
        check("GET", base + "/usage/requests?limit=1", 200);
        check("GET", base + "/usage/export", 200);
        check("GET", base + "/usage/export?format=jsonl", 200);
        check("GET", base + "/usage/status", 200);
        checkEvents();
        // Errors: every path refuses a method it does not serve, and the routes' own failures.
        for (String path : List.of("/proxy-status", "/proxy-start", "/proxy-stop", "/proxy-restart", "/status",
                "/restart", "/events",
                "/models", "/update-check", "/versions", "/quota/codex/a", "/error-logs", "/error-logs/x.log",
                "/config.yaml", "/control-settings", "/auth-files", "/auth-files/download", "/accounts",
                "/accounts/codex/a/pause", "/accounts/codex/a/resume", "/openapi.yaml", "/install", "/rollback",
                "/usage", "/usage/requests", "/usage/export", "/usage/status")) {
            check("DELETE", base + path, 405);
        }
        check("DELETE", "/metrics", 405);
        check("GET", base + "/usage?groupBy=week", 400);
        check("GET", base + "/usage?from=yesterday", 400);
        check("GET", base + "/usage/requests?limit=0", 400);
        check("GET", base + "/usage/requests?cursor=x", 400);
        check("GET", base + "/usage/export?format=xml", 400);
        check("GET", base + "/quota/qwen/user@example.com", 400);
        check("GET", base + "/quota/codex/nobody@example.com", 404);
        check("GET", base + "/error-logs?limit=x", 400);
        check("GET", base + "/error-logs/main.log", 400);
        check("GET", base + "/error-logs/error-none.log", 404);
        check("PUT", base + "/config.yaml", 400, "{\"nope\":1}");
        check("PUT", base + "/config.yaml", 400, "text/yaml", "a: &a [*a]\n");
        check("PUT", base + "/control-settings", 400, "{\"supervision\":{\"maxCrash\":3}}");
        check("GET", base + "/auth-files/download", 400);
        check("POST", base + "/install", 400, "{\"version\":\"latest\"}");
        // --proxy-binary names the binary here: install and rollback do not manage it.
        check("POST", base + "/install", 409);
        check("POST", base + "/rollback", 409);
        check("GET", base + "/auth-files/download?name=nobody.json", 404);
        check("POST", base + "/accounts/codex/codex-user@example.com/resume", 409);
        check("POST", base + "/accounts/codex/nobody/pause", 404);
        check("POST", base + "/accounts/codex/a..b/pause", 400);
        HttpResponse<String> precondition = http.put(base + "/config.yaml",
                JSON.writeValueAsString(Map.of("content", config(port))), "If-Match", "\"stale\"");
        validate("PUT", base + "/config.yaml", precondition, 412);
        HttpResponse<String> settingsPrecondition = http.put(base + "/control-settings", "{}",
                "If-Match", "\"stale\"");
        validate("PUT", base + "/control-settings", settingsPrecondition, 412);

        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "operations with no answer checked: " + missing);
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
