package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.testkit.arbitrary.SampleErrorLogs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorLogRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2026-08-22T15:30:00Z");

    @TempDir
    Path ccs;
    @TempDir
    Path outside;
    private Path logs;
    private TestApi api;

    @BeforeEach
    void start() throws IOException {
        logs = Files.createDirectories(ccs.resolve("cliproxy/logs"));
        api = TestApi.start(ccs);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsNothingWhenTheLogsDirectoryIsAbsent() throws Exception {
        Files.delete(logs);
        HttpResponse<String> response = api.get("/error-logs");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"files\":[]}", response.body());
    }

    @Test
    void listsOnlyRegularErrorLogsInsideTheDirectoryNewestFirstWithTheirMetadata() throws Exception {
        log("error-v1-chat-completions-2026-08-22T153012-a1b2c3d4.log", SampleErrorLogs.v7("gpt-5", 429), 30);
        log("error-v1-messages-2025-12-23T195811-0e7e0147.log", SampleErrorLogs.v6("gemini-3-pro-preview", 500), 20);
        log("error-empty.log", "", 10);
        Path binary = logs.resolve("error-binary.log");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(binary, noise);
        Files.setLastModifiedTime(binary, FileTime.from(BASE.plusSeconds(5)));
        log("main.log", "not an error log", 40);
        log("error-not-a-log.txt", "x", 40);
        Files.createDirectory(logs.resolve("error-directory.log"));
        Path secret = Files.writeString(outside.resolve("error-secret.log"), SampleErrorLogs.v6("secret", 401));
        Files.createSymbolicLink(logs.resolve("error-link-out.log"), secret);
        Files.createSymbolicLink(logs.resolve("error-dangling.log"), outside.resolve("missing.log"));

        JsonNode files = JSON.readTree(api.get("/error-logs").body()).get("files");

        List<String> names = new ArrayList<>();
        files.forEach(file -> names.add(file.get("name").asText()));
        assertEquals(List.of("error-v1-chat-completions-2026-08-22T153012-a1b2c3d4.log",
                "error-v1-messages-2025-12-23T195811-0e7e0147.log", "error-empty.log", "error-binary.log"), names);
        JsonNode v7 = files.get(0);
        assertEquals(429, v7.get("statusCode").asInt());
        assertEquals("gpt-5", v7.get("model").asText());
        assertEquals(BASE.plusSeconds(30).toEpochMilli(), v7.get("mtime").asLong());
        assertEquals(BASE.plusSeconds(30).getEpochSecond(), v7.get("modified").asLong());
        assertEquals(Files.size(logs.resolve(names.get(0))), v7.get("size").asLong());
        assertEquals(logs.resolve(names.get(0)).toString(), v7.get("absolutePath").asText());
        JsonNode v6 = files.get(1);
        assertEquals(500, v6.get("statusCode").asInt());
        assertEquals("gemini-3-pro-preview", v6.get("model").asText());
        for (JsonNode withoutMetadata : List.of(files.get(2), files.get(3))) {
            assertFalse(withoutMetadata.has("statusCode"), withoutMetadata.toString());
            assertFalse(withoutMetadata.has("model"), withoutMetadata.toString());
        }
        assertEquals(0, files.get(2).get("size").asLong());
    }

    @Test
    void theApiDocumentsOwnLogListsItsStatusAndModelAndModifiedInSeconds() throws Exception {
        log("error-2026-01-05T14-30-00.log", SampleErrorLogs.document("gemini-3-flash-preview", 429), 0);
        Path file = logs.resolve("error-2026-01-05T14-30-00.log");
        Files.setLastModifiedTime(file, FileTime.from(BASE.plusMillis(1_999)));

        JsonNode entry = JSON.readTree(api.get("/error-logs").body()).get("files").get(0);

        assertEquals(429, entry.get("statusCode").asInt(), entry.toString());
        assertEquals("gemini-3-flash-preview", entry.get("model").asText(), entry.toString());
        assertEquals(BASE.plusMillis(1_999).toEpochMilli(), entry.get("mtime").asLong());
        assertEquals(BASE.getEpochSecond() + 1, entry.get("modified").asLong(), "whole seconds, rounded down");
    }

    @Test
    void pagesWithLimitAndOffset() throws Exception {
        for (int i = 0; i < 5; i++) {
            log("error-" + i + ".log", SampleErrorLogs.v6("m" + i, 500), i);
        }
        assertEquals(List.of("error-3.log", "error-2.log"), names(api.get("/error-logs?offset=1&limit=2")));
        assertEquals(List.of("error-4.log"), names(api.get("/error-logs?limit=1")));
        assertEquals(List.of("error-0.log"), names(api.get("/error-logs?offset=4")));
        assertEquals(List.of(), names(api.get("/error-logs?offset=99")));
        assertEquals(5, names(api.get("/error-logs?limit=999999999")).size());
    }

    @Test
    void rejectsBadPagingValues() throws Exception {
        for (String query : List.of("limit=0", "limit=-1", "limit=abc", "limit=", "offset=-2", "offset=1.5",
                "limit=1&limit=2", "limit=99999999999999", "offset=%2B1")) {
            HttpResponse<String> response = api.get("/error-logs?" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals("Invalid query parameter", JSON.readTree(response.body()).get("error").asText(), query);
        }
    }

    @Test
    void streamsALogAsPlainText() throws Exception {
        StringBuilder big = new StringBuilder(SampleErrorLogs.v7("gpt-5", 500));
        while (big.length() < 3_000_000) {
            big.append("data: {\"chunk\":").append(big.length()).append("}\n");
        }
        log("error-big.log", big.toString(), 0);

        HttpResponse<byte[]> response = api.getBytes("/error-logs/error-big.log");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(big.toString().getBytes(StandardCharsets.UTF_8), response.body());
    }

    @Test
    void answers404ForAbsentLogsDirectoriesAndLinksOutOfTheDirectory() throws Exception {
        Files.createDirectory(logs.resolve("error-directory.log"));
        Path secret = Files.writeString(outside.resolve("error-secret.log"), "secret");
        Files.createSymbolicLink(logs.resolve("error-link-out.log"), secret);
        Files.createSymbolicLink(logs.resolve("error-link-dir.log"), outside);
        Process mkfifo = new ProcessBuilder("mkfifo", logs.resolve("error-fifo.log").toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        for (String name : List.of("error-absent.log", "error-directory.log", "error-link-out.log",
                "error-link-dir.log", "error-fifo.log")) {
            HttpResponse<String> response = api.get("/error-logs/" + name);
            assertEquals(404, response.statusCode(), name);
            assertEquals("{\"error\":\"Error log not found\"}", response.body(), name);
        }
    }

    @Test
    void answers404ForALogDeletedBetweenListingAndReading() throws Exception {
        log("error-gone.log", SampleErrorLogs.v6("m", 500), 0);
        assertEquals(List.of("error-gone.log"), names(api.get("/error-logs")));
        Files.delete(logs.resolve("error-gone.log"));
        assertEquals(404, api.get("/error-logs/error-gone.log").statusCode());
        assertEquals(List.of(), names(api.get("/error-logs")));
    }

    @Test
    void servesALinkThatStaysInsideTheDirectory() throws Exception {
        log("error-target.log", "inside", 0);
        Files.createSymbolicLink(logs.resolve("error-alias.log"), logs.resolve("error-target.log"));
        assertEquals("inside", api.get("/error-logs/error-alias.log").body());
    }

    @Test
    void answers400ToEveryHostileName() throws Exception {
        Files.writeString(ccs.resolve("cliproxy/config.yaml"), "port: 8317\n");
        Files.writeString(logs.resolve("error-x.log"), "x");
        for (String target : List.of("..%2Fconfig.yaml", "error-..%2F..%2Fconfig.yaml.log", "error-a%2Fb.log",
                "error-a%5Cb.log", "%2e%2e", "error-%2e%2e.log", "error-%00.log", "error-%0A.log",
                "error-%252F.log", "error-x.log%00", "error-x.log%2F", "error-x.log/extra", "error-%C0%AF.log",
                "error-C%3A%5Cx.log", "main.log", "error-x.txt", "error-x.log;jsessionid=1",
                "%2Fetc%2Fpasswd", "error-" + "a".repeat(300) + ".log")) {
            TestApi.RawResponse response = api.rawGet(ApiRouting.BASE_PATH + "/error-logs/" + target);
            assertEquals(400, response.status(), target);
            assertEquals("{\"error\":\"Invalid error log filename\"}", response.text(), target);
        }
        // A raw backslash or a broken escape is not a valid request target: the server refuses the request line.
        for (String target : List.of("error-a\\b.log", "error-%ZZ.log")) {
            TestApi.RawResponse refused = api.rawGet(ApiRouting.BASE_PATH + "/error-logs/" + target);
            assertEquals(400, refused.status(), target);
            assertTrue(refused.text().startsWith("{\"error\":"), refused.text());
        }
        TestApi.RawResponse empty = api.rawGet(ApiRouting.BASE_PATH + "/error-logs/");
        assertTrue(empty.status() == 400 || empty.status() == 404, "trailing slash: " + empty.status());
        assertTrue(empty.text().startsWith("{\"error\":"), empty.text());
    }

    @Test
    void dotSegmentsNeverReachAFileOutsideTheDirectory() throws Exception {
        Files.writeString(ccs.resolve("cliproxy/error-outside.log"), "outside the logs directory");
        for (String target : List.of("/error-logs/../error-outside.log", "/error-logs/%2e%2e/error-outside.log",
                "/error-logs/./../error-outside.log")) {
            TestApi.RawResponse response = api.rawGet(ApiRouting.BASE_PATH + target);
            assertTrue(response.status() >= 400 && response.status() < 500, target + ": " + response.status());
            assertTrue(response.text().startsWith("{\"error\":"), target + ": " + response.text());
        }
    }

    @Test
    void refusesOtherMethods() throws Exception {
        assertEquals(405, api.raw("POST", ApiRouting.BASE_PATH + "/error-logs", Map.of(), new byte[0]).status());
        assertEquals(405, api.raw("DELETE", ApiRouting.BASE_PATH + "/error-logs/error-x.log", Map.of(), null)
                .status());
    }

    private void log(String name, String content, int secondsAfterBase) throws IOException {
        Path file = Files.writeString(logs.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(BASE.plusSeconds(secondsAfterBase)));
    }

    private static List<String> names(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).get("files").forEach(file -> names.add(file.get("name").asText()));
        return names;
    }
}
