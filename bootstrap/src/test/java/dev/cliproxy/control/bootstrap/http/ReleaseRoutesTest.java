package dev.cliproxy.control.bootstrap.http;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.Upstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /update-check} and {@code GET /versions} end to end, with a loopback stand-in for GitHub. */
class ReleaseRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATEST = "/repos/router-for-me/CLIProxyAPI/releases/latest";
    private static final String LIST = "/repos/router-for-me/CLIProxyAPI/releases";
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path ccs;

    private final TestClock clock = new TestClock(START);
    private LoopbackStub github;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;

    @BeforeEach
    void startGitHub() throws IOException {
        github = new LoopbackStub(exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case LATEST -> json(exchange, 200, "{\"tag_name\":\"v6.9.10\",\"prerelease\":false}");
                case LIST -> json(exchange, 200, """
                        [{"tag_name":"v6.9.11","prerelease":true,"published_at":"2026-11-25T10:00:00Z"},
                         {"tag_name":"v6.9.10","prerelease":false,"published_at":"2026-11-24T10:00:00Z"},
                         {"tag_name":"pre-cleanup-20260329","prerelease":false},
                         {"tag_name":"v6.9.9","prerelease":false}]""");
                default -> json(exchange, 404, "{\"message\":\"Not Found\"}");
            }
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (control != null) {
            control.close();
        }
        github.close();
    }

    private void serve(Map<String, String> environment) {
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(environment).clock(clock)
                .proxyBinary(ccs.resolve("no-such-binary"))
                .upstream(Upstream.GITHUB, github.uri())
                .releaseFeedTimeout(Duration.ofSeconds(5))
                .build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
    }

    private void installed(String version) throws IOException {
        Path directory = Files.createDirectories(ccs.resolve("cliproxy/bin/original"));
        Files.writeString(directory.resolve(".version"), version + "\n");
    }

    @Test
    void freshCheckThenCacheHitsWithoutAnyRequestForAnHour() throws Exception {
        installed("6.9.9");
        serve(Map.of());

        JsonNode fresh = getJson("/update-check", 200);
        assertTrue(fresh.get("hasUpdate").asBoolean());
        assertEquals("6.9.9", fresh.get("currentVersion").asText());
        assertEquals("6.9.10", fresh.get("latestVersion").asText());
        assertFalse(fresh.get("fromCache").asBoolean());
        assertEquals(START.toEpochMilli(), fresh.get("checkedAt").asLong());
        assertEquals(1, github.hits(LATEST));

        JsonNode written = JSON.readTree(ccs.resolve("cliproxy/bin/original/.version-cache.json").toFile());
        assertEquals("6.9.10", written.get("latestVersion").asText());
        assertEquals(START.toEpochMilli(), written.get("checkedAt").asLong());
        assertEquals("router-for-me/CLIProxyAPI", written.get("repo").asText());

        clock.advance(Duration.ofMinutes(59));
        JsonNode cached = getJson("/update-check", 200);
        assertTrue(cached.get("fromCache").asBoolean());
        assertEquals("6.9.10", cached.get("latestVersion").asText());
        assertEquals(1, github.hits(LATEST), "a cache hit makes no request");
        assertTrue(control.updates().check().fromCache(), "the facade answers as the route does");
        assertEquals(1, github.hits(LATEST));

        clock.advance(Duration.ofMinutes(2));
        assertFalse(getJson("/update-check", 200).get("fromCache").asBoolean());
        assertEquals(2, github.hits(LATEST));
    }

    @Test
    void concurrentChecksMakeOneUpstreamRequest() throws Exception {
        github.answer(exchange -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            json(exchange, 200, "{\"tag_name\":\"v6.9.10\"}");
        });
        serve(Map.of());

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(http.sendAsync("GET", "/update-check", null));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("6.9.10", JSON.readTree(response.body()).get("latestVersion").asText());
        }
        assertEquals(1, github.hits(LATEST));
    }

    @Test
    void rateLimitedWithoutCacheIs503SayingSoAndSuggestingAToken() throws Exception {
        github.answer(exchange -> {
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
            exchange.getResponseHeaders().set("X-RateLimit-Reset", "1795000000");
            json(exchange, 403, "{\"message\":\"API rate limit exceeded\"}");
        });
        serve(Map.of());

        JsonNode body = getJson("/update-check", 503);

        assertEquals("Release feed unavailable", body.get("error").asText());
        assertEquals("rate_limited", body.get("code").asText());
        assertTrue(body.get("message").asText().contains("set GITHUB_TOKEN"), body.toString());
        assertEquals(503, http.get("/versions").statusCode());
    }

    @Test
    void feedDownWithAStaleCacheAnswersFromTheCache() throws Exception {
        installed("6.9.10");
        Path directory = ccs.resolve("cliproxy/bin/original");
        long yesterday = START.minus(Duration.ofDays(1)).toEpochMilli();
        // Written as the ccs CLI writes it.
        Files.writeString(directory.resolve(".version-cache.json"),
                "{\"latestVersion\":\"6.9.12\",\"checkedAt\":" + yesterday + ",\"repo\":\"router-for-me/CLIProxyAPI\"}");
        github.answer(exchange -> json(exchange, 502, "<html>bad gateway</html>"));
        serve(Map.of());

        JsonNode body = getJson("/update-check", 200);

        assertTrue(body.get("fromCache").asBoolean());
        assertTrue(body.get("hasUpdate").asBoolean());
        assertEquals("6.9.12", body.get("latestVersion").asText());
        assertEquals(yesterday, body.get("checkedAt").asLong());
        assertEquals(1, github.hits(LATEST), "the stale cache was refreshed first");
    }

    @Test
    void thePlusBackendOfTheSettingsHasItsVersionRepositoryAndLabelReadFresh() throws Exception {
        Path plus = Files.createDirectories(ccs.resolve("cliproxy/bin/plus"));
        Files.writeString(plus.resolve(".version"), "6.9.9-0\n");
        installed("6.9.10");
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy:\n  backend: plus\n");
        github.answer(exchange -> {
            String path = exchange.getRequestURI().getPath();
            String tag = path.startsWith("/repos/kaitranntt/CLIProxyAPIPlus/") ? "v6.9.10-1" : "v6.9.10";
            json(exchange, 200, path.endsWith("/latest") ? "{\"tag_name\":\"" + tag + "\"}"
                    : "[{\"tag_name\":\"" + tag + "\",\"prerelease\":false}]");
        });
        serve(Map.of());

        JsonNode plusCheck = getJson("/update-check", 200);
        assertEquals("plus", plusCheck.get("backend").asText());
        assertEquals("CLIProxy Plus", plusCheck.get("backendLabel").asText());
        assertEquals("6.9.9-0", plusCheck.get("currentVersion").asText());
        assertEquals("6.9.10-1", plusCheck.get("latestVersion").asText());
        assertEquals(1, github.hits("/repos/kaitranntt/CLIProxyAPIPlus/releases/latest"));
        assertEquals("CLIProxy Plus", getJson("/versions", 200).get("backendLabel").asText());

        Files.writeString(ccs.resolve("config.yaml"), "cliproxy:\n  backend: original\n");
        JsonNode originalCheck = getJson("/update-check", 200);
        assertEquals("original", originalCheck.get("backend").asText());
        assertEquals("CLIProxy", originalCheck.get("backendLabel").asText());
        assertEquals("6.9.10", originalCheck.get("currentVersion").asText());
        assertEquals(1, github.hits(LATEST));
    }

    @Test
    void unknownCurrentVersionIsNullNeverAGuess() throws Exception {
        serve(Map.of());

        JsonNode body = getJson("/update-check", 200);

        assertTrue(body.has("currentVersion"));
        assertTrue(body.get("currentVersion").isNull());
        assertFalse(body.get("hasUpdate").asBoolean());
        assertEquals("original", body.get("backend").asText());
    }

    @Test
    void versionsListsReleasesNewestFirstMarkingPrereleasesWithTheSameCacheRules() throws Exception {
        installed("6.9.9");
        serve(Map.of());

        JsonNode body = getJson("/versions", 200);

        assertEquals("[{\"version\":\"6.9.11\",\"prerelease\":true,\"publishedAt\":"
                + Instant.parse("2026-11-25T10:00:00Z").toEpochMilli() + "},"
                + "{\"version\":\"6.9.10\",\"prerelease\":false,\"publishedAt\":"
                + Instant.parse("2026-11-24T10:00:00Z").toEpochMilli() + "},"
                + "{\"version\":\"6.9.9\",\"prerelease\":false,\"publishedAt\":null}]", body.get("versions").toString());
        assertEquals("6.9.10", body.get("latestStable").asText());
        assertEquals("6.9.11", body.get("latest").asText());
        assertEquals("6.9.9", body.get("currentVersion").asText());
        assertFalse(body.get("fromCache").asBoolean());

        JsonNode again = getJson("/versions", 200);
        assertTrue(again.get("fromCache").asBoolean());
        assertEquals(body.get("versions"), again.get("versions"));
        assertEquals(1, github.hits(LIST));
        assertTrue(Files.isRegularFile(ccs.resolve("cliproxy/bin/original/.version-list-cache.json")));
    }

    @Test
    void theTokenIsSentToTheFeedAndNeverShown() throws Exception {
        serve(Map.of("GITHUB_TOKEN", "ghp_do_not_show"));

        HttpResponse<String> response = http.get("/update-check");

        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains("ghp_do_not_show"));
        assertEquals("Bearer ghp_do_not_show", github.requests().getFirst().header("Authorization"));
    }

    private JsonNode getJson(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.get(path);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

}
