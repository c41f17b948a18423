package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "{\"type\":\"gemini\",\"token\":{\"access_token\":\"ya29.secret\"}}";

    @TempDir
    Path ccs;
    @TempDir
    Path outside;
    private Path auth;
    private TestApi api;

    @BeforeEach
    void start() throws IOException {
        auth = Files.createDirectories(ccs.resolve("cliproxy/auth"));
        api = TestApi.start(ccs);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsNothingButTheDirectoryWhenItIsAbsent() throws Exception {
        Files.delete(auth);
        HttpResponse<String> response = api.get("/auth-files");
        assertEquals(200, response.statusCode());
        assertEquals("{\"files\":[],\"directory\":" + JSON.writeValueAsString(auth.toString()) + "}", response.body());
    }

    @Test
    void aRepeatedListingShowsEveryChangeAtOnce() throws Exception {
        Path file = auth.resolve("codex-a@b.com.json");
        Files.writeString(file, TOKEN);
        String first = api.get("/auth-files").body();
        assertEquals(first, api.get("/auth-files").body(), "unchanged: the same answer");

        Files.writeString(file, TOKEN + " ");
        JsonNode grown = JSON.readTree(api.get("/auth-files").body()).path("files").get(0);
        assertEquals(TOKEN.length() + 1, grown.path("size").asInt(), "the new size at once");

        Instant later = Instant.parse("2030-01-01T00:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(later));
        assertEquals(later.toEpochMilli(), JSON.readTree(api.get("/auth-files").body()).path("files").get(0)
                .path("mtime").asLong(), "the new time at once");

        Files.writeString(auth.resolve("antigravity-c@d.com.json"), TOKEN);
        assertEquals(2, JSON.readTree(api.get("/auth-files").body()).path("files").size(), "a new file at once");
    }

    @Test
    void listsRegularFilesSortedByNameLeavingOutDirectoriesAndLinksOut() throws Exception {
        Instant modified = Instant.parse("2026-01-05T14:30:00Z");
        for (String name : List.of("codex-user@email.com.json", "antigravity-a@b.com.json",
                "user@gmail.com-project123.json")) {
            Files.setLastModifiedTime(Files.writeString(auth.resolve(name), TOKEN), FileTime.from(modified));
        }
        Files.createDirectory(auth.resolve("b-directory.json"));
        Files.createSymbolicLink(auth.resolve("c-link-out.json"), Files.writeString(outside.resolve("x.json"), "{}"));
        Files.createSymbolicLink(auth.resolve("d-link-in.json"), auth.resolve("codex-user@email.com.json"));
        Files.createDirectories(ccs.resolve("cliproxy/auth-paused"));
        Files.writeString(ccs.resolve("cliproxy/auth-paused/paused.json"), TOKEN);

        JsonNode body = JSON.readTree(api.get("/auth-files").body());

        List<String> names = new ArrayList<>();
        body.get("files").forEach(file -> names.add(file.get("name").asText()));
        assertEquals(List.of("antigravity-a@b.com.json", "codex-user@email.com.json", "d-link-in.json",
                "user@gmail.com-project123.json"), names);
        JsonNode first = body.get("files").get(0);
        assertEquals(TOKEN.length(), first.get("size").asLong());
        assertEquals(modified.toEpochMilli(), first.get("mtime").asLong());
        assertEquals(3, first.size());
        assertEquals(auth.toString(), body.get("directory").asText());
    }

    @Test
    void downloadsTheBytesWithASafeDispositionAndNoCaching() throws Exception {
        Files.writeString(auth.resolve("user@gmail.com-project123.json"), TOKEN);

        HttpResponse<byte[]> response = api.getBytes("/auth-files/download?name=user%40gmail.com-project123.json");

        assertEquals(200, response.statusCode());
        assertArrayEquals(TOKEN.getBytes(StandardCharsets.UTF_8), response.body());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"user@gmail.com-project123.json\"; "
                        + "filename*=UTF-8''user%40gmail.com-project123.json",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void theDispositionOfANonAsciiNameHasAnAsciiFallbackAndAnEncodedForm() throws Exception {
        String name = "tökén ;'`$x.json";
        Files.writeString(auth.resolve(name), TOKEN);
        HttpResponse<byte[]> response = api.getBytes("/auth-files/download?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        assertEquals(200, response.statusCode());
        assertEquals("attachment; filename=\"t_k_n ;'`$x.json\"; filename*=UTF-8''t%C3%B6k%C3%A9n%20%3B%27`$x.json",
                response.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void aMissingOrRepeatedNameIs400() throws Exception {
        for (String query : List.of("", "?name=", "?other=x", "?name=a.json&name=b.json")) {
            HttpResponse<String> response = api.get("/auth-files/download" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals("{\"error\":\"Missing required query parameter: name\"}", response.body(), query);
        }
    }

    @Test
    void anInvalidNameIs400AndNeverRead() throws Exception {
        Files.writeString(ccs.resolve("cliproxy/config.yaml"), "secret: yes\n");
        Files.writeString(outside.resolve("x.json"), "outside");
        for (String name : List.of("..", "../config.yaml", "..%2Fconfig.yaml", "%2Fetc%2Fpasswd", "a%5Cb.json",
                "C%3A%5Cx.json", "a%00.json", "a%0D%0Ab.json", "%2E%2E", "a%252Fb.json", "x.json%2F",
                "con.json", "a".repeat(256))) {
            TestApi.RawResponse response = api.rawGet(ApiRouting.BASE_PATH + "/auth-files/download?name=" + name);
            assertEquals(400, response.status(), name);
            assertEquals("{\"error\":\"Invalid filename\"}", response.text(), name);
        }
    }

    @Test
    void absentDirectoriesAndLinksOutAre404() throws Exception {
        Files.createDirectory(auth.resolve("directory.json"));
        Files.createSymbolicLink(auth.resolve("link-out.json"), Files.writeString(outside.resolve("x.json"), "out"));
        Files.createSymbolicLink(auth.resolve("link-to-parent"), auth.getParent());
        for (String name : List.of("absent.json", "directory.json", "link-out.json", "link-to-parent")) {
            HttpResponse<String> response = api.get("/auth-files/download?name=" + name);
            assertEquals(404, response.statusCode(), name);
            assertEquals("{\"error\":\"Auth file not found\"}", response.body(), name);
        }
    }

    @Test
    void aZeroByteFileDownloadsAsEmpty() throws Exception {
        Files.createFile(auth.resolve("empty.json"));
        HttpResponse<byte[]> response = api.getBytes("/auth-files/download?name=empty.json");
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void refusesOtherMethods() throws Exception {
        TestApi.RawResponse response = api.raw("POST", ApiRouting.BASE_PATH + "/auth-files/download?name=a.json",
                Map.of(), new byte[0]);
        assertEquals(405, response.status());
        assertTrue(response.text().startsWith("{\"error\":"));
    }
}
