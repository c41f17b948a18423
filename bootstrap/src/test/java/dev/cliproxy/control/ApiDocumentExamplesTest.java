package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.arbitrary.SampleErrorLogs;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the API document (reference/seed-cliproxy-control-api.md), sent as a real request: the answer
 * has the document's fields and values, plus exactly the additions the README lists under "Where we differ from
 * the API document". When a difference appears or goes away, this test and that list change together.
 */
class ApiDocumentExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String LOG_NAME = "error-2026-01-05T14-30-00.log";
    /** The document's example log, verbatim. */
    private static final String LOG = SampleErrorLogs.DOCUMENT_EXAMPLE;

    @TempDir
    Path temp;

    /** Service control with the stand-in proxy as a real process, on a port the OS chose. */
    @Test
    void serviceControlAnswersAsTheDocumentShows() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try {
            CliProxyControl control = fixture.control();
            TestHttpClient api = serve(control);

            assertEquals("{\"running\":false}", api.get("/proxy-status").body());
            JsonNode notStopped = json(api.post("/proxy-stop"));
            assertEquals(List.of("stopped", "error"), fields(notStopped), "not in the document: we say why");

            assertEquals("{\"started\":true,\"alreadyRunning\":false,\"port\":" + fixture.port + "}",
                    api.post("/proxy-start").body());
            fixture.recordedPid();
            JsonNode running = json(api.get("/proxy-status"));
            assertEquals(List.of("running", "port", "pid", "sessionCount", "startedAt"), fields(running));
            assertEquals(fixture.port, running.get("port").asInt());
            assertTrue(running.get("startedAt").asLong() > 1_704_460_000_000L, "epoch milliseconds");

            JsonNode stopped = json(api.post("/proxy-stop"));
            assertEquals(List.of("stopped", "pid", "sessionCount"), fields(stopped));
            assertEquals(running.get("pid"), stopped.get("pid"));
        } finally {
            fixture.cleanUp();
        }
    }

    /** The document's start failing: its body gains {@code error}, still with status 200. */
    @Test
    void aStartThatCannotHappenSaysWhyInTheDocumentsShape() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try (CliProxyControl control = fixture.builder().proxyBinary(temp.resolve("no-such-binary")).build()) {
            TestHttpClient api = serve(control);
            HttpResponse<String> response = api.post("/proxy-start");
            assertEquals(200, response.statusCode());
            JsonNode failed = json(response);
            assertEquals(List.of("started", "alreadyRunning", "port", "error"), fields(failed));
            assertEquals(false, failed.get("started").asBoolean());
        }
    }

    /** Files, models, quota and updates; no proxy runs (the settings name a port nobody listens on). */
    @Test
    void filesModelsQuotaAndUpdatesAnswerAsTheDocumentShows() throws Exception {
        Path ccs = Files.createDirectories(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: " + port + "\n");
        Path cliproxy = ccs.resolve("cliproxy");
        Files.createDirectories(cliproxy.resolve("logs"));
        Files.writeString(cliproxy.resolve("logs").resolve(LOG_NAME), LOG);
        Files.createDirectories(cliproxy.resolve("auth"));
        Files.writeString(cliproxy.resolve("auth/user@gmail.com-project123.json"), "{\"access_token\":\"ya29...\"}");
        Files.writeString(cliproxy.resolve("auth/codex-user@email.com.json"), "{\"type\":\"codex\"}");
        Files.createDirectories(cliproxy.resolve("bin/original"));
        Files.writeString(cliproxy.resolve("bin/original/.version"), "1.5.0\n");
        try (LoopbackStub github = LoopbackStub.replying(
                request -> Reply.json(200, "{\"tag_name\":\"v1.6.0\",\"prerelease\":false}"));
             CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                .upstream(Upstream.GITHUB, github.uri()).build()) {
            TestHttpClient api = serve(control);

            JsonNode update = json(api.get("/update-check"));
            assertEquals(List.of("hasUpdate", "currentVersion", "latestVersion", "fromCache", "checkedAt", "backend",
                    "backendLabel"), fields(update), "the document's four, then checkedAt, backend and backendLabel");
            assertEquals("{\"hasUpdate\":true,\"currentVersion\":\"1.5.0\",\"latestVersion\":\"1.6.0\","
                    + "\"fromCache\":false}",
                    only(update, "hasUpdate", "currentVersion", "latestVersion", "fromCache"));

            HttpResponse<String> models = api.get("/models");
            assertEquals(503, models.statusCode());
            assertEquals("{\"error\":\"CLIProxy Plus not running\",\"message\":\"Start a CLIProxy session (gemini,"
                    + " codex, agy) to fetch available models\"}", models.body());

            JsonNode log = json(api.get("/error-logs")).get("files").get(0);
            assertEquals(List.of("name", "size", "mtime", "modified", "absolutePath", "statusCode", "model"),
                    fields(log), "the document's fields, plus modified");
            assertEquals(LOG_NAME, log.get("name").asText());
            assertEquals(429, log.get("statusCode").asInt());
            assertEquals("gemini-3-flash-preview", log.get("model").asText());
            assertEquals(cliproxy.resolve("logs").resolve(LOG_NAME).toString(), log.get("absolutePath").asText());
            HttpResponse<String> content = api.get("/error-logs/" + LOG_NAME);
            assertEquals("text/plain; charset=utf-8", content.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(LOG, content.body());

            JsonNode auth = json(api.get("/auth-files"));
            assertEquals(List.of("files", "directory"), fields(auth));
            assertEquals(cliproxy.resolve("auth").toString(), auth.get("directory").asText());
            List<String> names = new ArrayList<>();
            for (JsonNode file : auth.get("files")) {
                assertEquals(List.of("name", "size", "mtime"), fields(file));
                names.add(file.get("name").asText());
            }
            assertEquals(List.of("codex-user@email.com.json", "user@gmail.com-project123.json"), names,
                    "sorted by name (the document's example is in directory order)");
            HttpResponse<String> download = api.get("/auth-files/download?name=user@gmail.com-project123.json");
            assertEquals("application/octet-stream", download.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("{\"access_token\":\"ya29...\"}", download.body());

            HttpResponse<String> provider = api.get("/quota/qwen/user@gmail.com-project123");
            assertEquals(400, provider.statusCode());
            assertEquals("{\"error\":\"Invalid provider\",\"message\":\"Provider must be one of: agy, gemini, codex,"
                    + " iflow, kiro, ghcp, claude\",\"code\":\"invalid_provider\"}", provider.body());

            HttpResponse<String> noConfig = api.get("/config.yaml");
            assertEquals(404, noConfig.statusCode());
            assertEquals("{\"error\":\"Config file not found\"}", noConfig.body());
            HttpResponse<String> missing = api.put("/config.yaml", "{}", "Content-Type", "application/json");
            assertEquals(400, missing.statusCode());
            assertEquals("{\"error\":\"Missing required field: content\"}", missing.body());
        }
    }

    /**
     * The document's {@code PUT /config.yaml}, byte for byte, on a CCS directory without settings (so the port is
     * 8317: only files are touched, nothing listens).
     */
    @Test
    void theDocumentsConfigWriteIsAcceptedAsTheDocumentShows() throws Exception {
        Path ccs = Files.createDirectories(temp.resolve("ccs"));
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).build()) {
            TestHttpClient api = serve(control);
            HttpResponse<String> saved = api.put("/config.yaml",
                    "{\"content\":\"server:\\n  port: 8317\\n  host: 127.0.0.1\"}",
                    "Content-Type", "application/json");
            Path file = ccs.resolve("cliproxy/config.yaml");
            assertEquals(200, saved.statusCode(), saved.body());
            assertEquals("{\"success\":true,\"path\":\"" + file + "\"}", saved.body());
            HttpResponse<String> read = api.get("/config.yaml");
            assertEquals("server:\n  port: 8317\n  host: 127.0.0.1", read.body());
            assertTrue(read.headers().firstValue("ETag").isPresent(), "not in the document: an ETag for If-Match");
        }
    }

    private static TestHttpClient serve(CliProxyControl control) {
        return TestHttpClient.at(control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false)).uri()
                + "/api/cliproxy").withTimeout(TIMEOUT);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String only(JsonNode node, String... names) {
        var kept = JSON.createObjectNode();
        for (String name : names) {
            kept.set(name, node.get(name));
        }
        return kept.toString();
    }
}
