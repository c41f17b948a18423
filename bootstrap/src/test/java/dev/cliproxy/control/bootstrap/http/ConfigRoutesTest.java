package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORIGINAL = "port: 8317\napi-keys:\n  - key-one\n";

    @TempDir
    Path ccs;
    private Path config;
    private TestApi api;

    @BeforeEach
    void start() throws IOException {
        config = Files.createDirectories(ccs.resolve("cliproxy")).resolve("config.yaml");
        api = TestApi.start(ccs, builder -> builder.maxConfigBytes(64 * 1024));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void getAnswers404WhenThereIsNoConfig() throws Exception {
        HttpResponse<String> response = api.get("/config.yaml");
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"Config file not found\"}", response.body());
    }

    @Test
    void getServesTheFileAsYamlWithAContentHashETag() throws Exception {
        Files.writeString(config, ORIGINAL);
        HttpResponse<String> response = api.get("/config.yaml");
        assertEquals(200, response.statusCode());
        assertEquals("text/yaml; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ORIGINAL, response.body());
        assertEquals(etag(ORIGINAL), response.headers().firstValue("ETag").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> notModified = api.send(HttpRequest.newBuilder(api.uri("/config.yaml"))
                .header("If-None-Match", etag(ORIGINAL)));
        assertEquals(304, notModified.statusCode());
    }

    @Test
    void servesAndWritesTheConfigOfTheCurrentPort() throws Exception {
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: 8400\n");
        Files.writeString(config, ORIGINAL);
        Path portConfig = config.resolveSibling("config-8400.yaml");
        Files.writeString(portConfig, "port: 8400\n");

        assertEquals("port: 8400\n", api.get("/config.yaml").body());
        HttpResponse<String> put = api.putJson("/config.yaml", body("port: 8400\ndebug: true\n"));
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(portConfig.toString(), JSON.readTree(put.body()).get("path").asText());
        assertEquals("port: 8400\ndebug: true\n", Files.readString(portConfig));
        assertEquals(ORIGINAL, Files.readString(config));
    }

    @Test
    void putReplacesTheFileAtomicallyWithMode0600AndKeepsTheOldOneAsBak() throws Exception {
        Files.writeString(config, ORIGINAL);
        String updated = "port: 8317\napi-keys:\n  - key-two\n";

        HttpResponse<String> response = api.putJson("/config.yaml", body(updated));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"success\":true,\"path\":\"" + config + "\"}", response.body());
        assertEquals(etag(updated), response.headers().firstValue("ETag").orElseThrow());
        assertEquals(updated, Files.readString(config));
        Path bak = config.resolveSibling("config.yaml.bak");
        assertEquals(ORIGINAL, Files.readString(bak));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bak)));
        assertEquals(List.of("config.yaml", "config.yaml.bak"), fileNames());
    }

    @Test
    void theBackupIsServedWithItsETagAndRestoredBySavingIt() throws Exception {
        Files.writeString(config, ORIGINAL);
        HttpResponse<String> none = api.get("/config.yaml/backup");
        assertEquals(404, none.statusCode());
        assertEquals("config_backup_not_found", JSON.readTree(none.body()).get("code").asText());
        assertEquals("Config backup not found", JSON.readTree(none.body()).get("error").asText());

        String updated = "port: 8317\ndebug: true\n";
        assertEquals(200, api.putJson("/config.yaml", body(updated)).statusCode());
        HttpResponse<String> backup = api.get("/config.yaml/backup");
        assertEquals(200, backup.statusCode());
        assertEquals("text/yaml; charset=utf-8", backup.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ORIGINAL, backup.body());
        assertEquals(etag(ORIGINAL), backup.headers().firstValue("ETag").orElseThrow());
        assertEquals(405, api.putJson("/config.yaml/backup", body(ORIGINAL)).statusCode());

        HttpResponse<String> restored = api.putJson("/config.yaml", body(backup.body()), "If-Match", etag(updated));
        assertEquals(200, restored.statusCode(), restored.body());
        assertEquals(ORIGINAL, Files.readString(config));
        assertEquals(updated, api.get("/config.yaml/backup").body(), "what the restore replaced is the backup now");
    }

    @Test
    void theBackupOfALinkedConfigIsTheOneBesideItsTarget() throws Exception {
        Path dotfiles = Files.createDirectories(ccs.resolve("dotfiles"));
        Path target = dotfiles.resolve("config.yaml");
        Files.writeString(target, ORIGINAL);
        Files.createSymbolicLink(config, target);
        assertEquals(200, api.putJson("/config.yaml", body("port: 8317\n")).statusCode());

        assertEquals(ORIGINAL, Files.readString(dotfiles.resolve("config.yaml.bak")));
        assertEquals(ORIGINAL, api.get("/config.yaml/backup").body());
    }

    @Test
    void putCreatesAMissingConfig() throws Exception {
        HttpResponse<String> response = api.putJson("/config.yaml", body("port: 8317\n"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("port: 8317\n", Files.readString(config));
        assertEquals(List.of("config.yaml"), fileNames());
    }

    @Test
    void putRefusesAnythingButAYamlMappingWithThePositionAndLeavesTheFileUntouched() throws Exception {
        Files.writeString(config, ORIGINAL);
        assertInvalidYaml("port: 8317\napi-keys: [a, b\n", "line 3, column 1: ");
        assertInvalidYaml("port: 8317\n\tdebug: true\n", "line 2, column 1: ");
        assertInvalidYaml("port: 1\nport: 2\n", "line 2, column 1: found duplicate key port");
        assertInvalidYaml("- a\n- b\n", "line 1, column 1: the document must be a mapping");
        assertInvalidYaml("just text", "line 1, column 1: the document must be a mapping");
        assertInvalidYaml("", "line 1, column 1: the document must be a mapping");
        assertInvalidYaml("a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n", "line 1, column 4: ");
        assertInvalidYaml("a: 1\n---\nb: 2\n", "line 2, column 1: ");
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        assertInvalidYaml(laughs.toString(), "");
        assertInvalidYaml("a: " + "[".repeat(200) + "]".repeat(200) + "\n", "");
    }

    /** What CLIProxyAPI's loader refuses is refused before anything is written, with the place of the problem. */
    @Test
    void putRefusesWhatTheProxyCannotLoad() throws Exception {
        Files.writeString(config, ORIGINAL);
        assertInvalidYaml("port: 8317\na: &a [*a]\n",
                "line 2, column 8: the alias *a refers to a node that contains it");
        StringBuilder bomb = new StringBuilder("port: 8317\na0: &a0 [x, x, x, x, x]\n");
        for (int level = 1; level <= 8; level++) {
            String alias = "*a" + (level - 1);
            bomb.append("a").append(level).append(": &a").append(level).append(" [")
                    .append((alias + ", ").repeat(4)).append(alias).append("]\n");
        }
        assertInvalidYaml(bomb.toString(), "line 7, column 15: aliases expand the document by more than");
        assertInvalidYaml("port: 8317\nrouting:\n  strategy: a\n  strategy: b\n",
                "line 4, column 3: found duplicate key");
        assertInvalidYaml("port: 8317\n? [a, b]\n: c\n", "line 2, column 3: a mapping key must be a plain value");
    }

    @Test
    void putTakesTheYamlItselfWhenTheContentTypeSaysYaml() throws Exception {
        Files.writeString(config, ORIGINAL);
        List<String> types = List.of("application/yaml", "text/yaml", "text/yaml; charset=utf-8",
                "Application/YAML;Charset=\"UTF-8\"", "application/x-yaml");
        for (int i = 0; i < types.size(); i++) {
            String yaml = "port: 8317\napi-keys:\n  - key-" + i + "\nnote: \"é漢\"\n";
            HttpResponse<String> response = putYaml(types.get(i), yaml.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response.statusCode(), types.get(i) + " -> " + response.body());
            assertEquals("{\"success\":true,\"path\":\"" + config + "\"}", response.body());
            assertEquals(etag(yaml), response.headers().firstValue("ETag").orElseThrow());
            assertEquals(yaml, Files.readString(config), types.get(i));
        }
        // A JSON-looking body is YAML too when the type says so: a mapping with the key content.
        assertEquals(200, putYaml("application/yaml", "{\"content\": \"x\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode());
        assertEquals("{\"content\": \"x\"}", Files.readString(config));
    }

    @Test
    void aYamlBodyIsValidatedExactlyLikeContent() throws Exception {
        Files.writeString(config, ORIGINAL);
        String current = etag(ORIGINAL);
        for (String yaml : List.of("- a\n- b\n", "", "port: 1\nport: 2\n", "a: &a [*a]\n", "api-keys: [a, b\n")) {
            HttpResponse<String> asJson = api.putJson("/config.yaml", body(yaml));
            HttpResponse<String> asYaml = putYaml("text/yaml", yaml.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, asYaml.statusCode(), yaml);
            assertEquals(asJson.body(), asYaml.body(), yaml);
            assertTrue(asYaml.body().contains("\"code\":\"invalid_yaml\""), asYaml.body());
        }
        for (HttpResponse<String> notUtf8 : List.of(
                putYaml("application/yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'}),
                putYaml("application/yaml; charset=iso-8859-1", "a: b\n".getBytes(StandardCharsets.ISO_8859_1)))) {
            assertEquals(400, notUtf8.statusCode(), notUtf8.body());
            assertEquals("{\"error\":\"Invalid YAML\",\"message\":\"The body must be UTF-8 text\","
                    + "\"code\":\"invalid_yaml\"}", notUtf8.body());
        }
        HttpResponse<String> stale = api.send(HttpRequest.newBuilder(api.uri("/config.yaml"))
                .header("Content-Type", "application/yaml").header("If-Match", etag("port: 0\n"))
                .PUT(HttpRequest.BodyPublishers.ofString("port: 8317\n")));
        assertEquals(412, stale.statusCode());
        assertEquals(ORIGINAL, Files.readString(config));
        assertEquals(List.of("config.yaml"), fileNames());
        HttpResponse<String> fresh = api.send(HttpRequest.newBuilder(api.uri("/config.yaml"))
                .header("Content-Type", "application/yaml").header("If-Match", current)
                .PUT(HttpRequest.BodyPublishers.ofString("port: 8317\n")));
        assertEquals(200, fresh.statusCode(), fresh.body());

        TestApi.RawResponse tooLarge = api.raw("PUT", ApiRouting.BASE_PATH + "/config.yaml", Map.of(
                "Content-Type", "application/yaml", "Content-Length", String.valueOf(64 * 1024 + 1),
                "Expect", "100-continue"), null);
        assertEquals(413, tooLarge.status());
    }

    @Test
    void otherContentTypesKeepTheJsonBody() throws Exception {
        Files.writeString(config, ORIGINAL);
        for (String type : List.of("text/plain", "application/octet-stream", "application/yaml-patch+json")) {
            HttpResponse<String> response = putYaml(type, "port: 8317\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, response.statusCode(), type);
            assertEquals("{\"error\":\"Invalid JSON in request body\"}", response.body(), type);
            assertEquals(200, api.send(HttpRequest.newBuilder(api.uri("/config.yaml")).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofString(body("port: 8317\n")))).statusCode(), type);
        }
    }

    @Test
    void putRefusesBodiesThatAreNotAnObjectWithStringContent() throws Exception {
        Files.writeString(config, ORIGINAL);
        HttpResponse<String> malformed = api.putJson("/config.yaml", "{\"content\":");
        assertEquals(400, malformed.statusCode());
        assertEquals("{\"error\":\"Invalid JSON in request body\"}", malformed.body());
        for (String body : List.of("{}", "[1]", "\"port: 1\"", "{\"content\":5}", "{\"content\":null}",
                "{\"content\":{\"port\":1}}", "")) {
            HttpResponse<String> response = api.putJson("/config.yaml", body);
            assertEquals(400, response.statusCode(), body);
            assertEquals("{\"error\":\"Missing required field: content\"}", response.body(), body);
        }
        for (String body : List.of("{\"content\":\"a: 1\"} trailing", "{\"content\":\"a: 1\",\"content\":\"b: 2\"}")) {
            assertEquals(400, api.putJson("/config.yaml", body).statusCode(), body);
        }
        assertEquals(ORIGINAL, Files.readString(config));
        assertEquals(List.of("config.yaml"), fileNames());
    }

    @Test
    void putWithAStaleIfMatchGets412AndWritesNothing() throws Exception {
        Files.writeString(config, ORIGINAL);
        String current = api.get("/config.yaml").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> stale = api.putJson("/config.yaml", body("a: 1\n"), "If-Match", etag("port: 0\n"));
        assertEquals(412, stale.statusCode());
        assertEquals("Precondition failed", JSON.readTree(stale.body()).get("error").asText());
        HttpResponse<String> weak = api.putJson("/config.yaml", body("a: 1\n"), "If-Match", "W/" + current);
        assertEquals(412, weak.statusCode());
        assertEquals(ORIGINAL, Files.readString(config));
        assertEquals(List.of("config.yaml"), fileNames());

        HttpResponse<String> fresh = api.putJson("/config.yaml", body("a: 2\n"), "If-Match",
                "\"other\", " + current);
        assertEquals(200, fresh.statusCode(), fresh.body());
        assertEquals("a: 2\n", Files.readString(config));
        assertEquals(412, api.putJson("/config.yaml", body("a: 3\n"), "If-Match", current).statusCode());
    }

    @Test
    void ifMatchStarNeedsAnExistingFile() throws Exception {
        assertEquals(412, api.putJson("/config.yaml", body("a: 1\n"), "If-Match", "*").statusCode());
        assertFalse(Files.exists(config));
        Files.writeString(config, ORIGINAL);
        assertEquals(200, api.putJson("/config.yaml", body("a: 1\n"), "If-Match", "*").statusCode());
    }

    /**
     * The client sends only what the server reads before it refuses (headers with {@code Expect: 100-continue};
     * chunks up to the first chunk header past the limit): a server that closes with unread data resets the
     * connection, which could discard its answer before the client reads it.
     */
    @Test
    void bodiesOverTheLimitGet413JsonWithContentLengthOrChunked() throws Exception {
        Files.writeString(config, ORIGINAL);
        int limit = 64 * 1024;

        TestApi.RawResponse sized = api.raw("PUT", ApiRouting.BASE_PATH + "/config.yaml", Map.of(
                "Content-Type", "application/json", "Content-Length", String.valueOf(limit + 1),
                "Expect", "100-continue"), null);
        assertEquals(413, sized.status());
        assertTrue(sized.text().startsWith("{\"error\":\"Request Entity Too Large\""), sized.text());

        StringBuilder chunks = new StringBuilder();
        String chunk = "x".repeat(8192);
        for (int sent = 0; sent < limit; sent += chunk.length()) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunks.append(Integer.toHexString(chunk.length())).append("\r\n");
        TestApi.RawResponse chunked = api.raw("PUT", ApiRouting.BASE_PATH + "/config.yaml",
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                chunks.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(413, chunked.status());
        assertTrue(chunked.text().startsWith("{\"error\":\"Request Entity Too Large\""), chunked.text());

        assertEquals(ORIGINAL, Files.readString(config));
        assertEquals(List.of("config.yaml"), fileNames());
    }

    @Test
    void eightConcurrentPutsLeaveExactlyOneSubmittedContent() throws Exception {
        Files.writeString(config, ORIGINAL);
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add("port: 8317\nwriter: " + i + "\npadding: \"" + String.valueOf((char) ('a' + i)).repeat(20_000)
                    + "\"\n");
        }
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String content : contents) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return api.putJson("/config.yaml", body(content)).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
        }
        String written = Files.readString(config);
        assertTrue(contents.contains(written), "the file is one whole submitted content");
        String bak = Files.readString(config.resolveSibling("config.yaml.bak"));
        assertTrue(bak.equals(ORIGINAL) || contents.contains(bak) && !bak.equals(written), "the .bak is whole");
        assertEquals(List.of("config.yaml", "config.yaml.bak"), fileNames());
    }

    @Test
    void concurrentConditionalPutsWithTheSameETagLetExactlyOneThrough() throws Exception {
        Files.writeString(config, ORIGINAL);
        String seen = etag(ORIGINAL);
        CountDownLatch go = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String content = "port: 8317\nwriter: " + i + "\n";
                results.add(pool.submit(() -> {
                    go.await();
                    return api.putJson("/config.yaml", body(content), "If-Match", seen).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        assertEquals(ORIGINAL, Files.readString(config.resolveSibling("config.yaml.bak")));
    }

    @Test
    void theRouteIsReachedAndOtherMethodsAreRefused() throws Exception {
        assertEquals(200, api.putJson("/config.yaml", body("port: 8317\n")).statusCode());
        assertEquals(405, api.raw("DELETE", ApiRouting.BASE_PATH + "/config.yaml", Map.of(), null).status());
    }

    private void assertInvalidYaml(String yaml, String messagePrefix) throws Exception {
        byte[] before = Files.readAllBytes(config);
        HttpResponse<String> response = api.putJson("/config.yaml", body(yaml));
        assertEquals(400, response.statusCode(), yaml);
        JsonNode error = JSON.readTree(response.body());
        assertEquals("Invalid YAML", error.get("error").asText());
        assertEquals("invalid_yaml", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith(messagePrefix), error.get("message").asText());
        assertArrayEquals(before, Files.readAllBytes(config));
        assertEquals(List.of("config.yaml"), fileNames());
    }

    private HttpResponse<String> putYaml(String contentType, byte[] yaml) throws Exception {
        return api.send(HttpRequest.newBuilder(api.uri("/config.yaml")).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(yaml)));
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(config.getParent())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String body(String yaml) {
        return JsonNodeFactory.instance.objectNode().put("content", yaml).toString();
    }

    private static String etag(String content) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    }
}
