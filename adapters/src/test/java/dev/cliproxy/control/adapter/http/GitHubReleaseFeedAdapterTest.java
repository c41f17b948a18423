package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubReleaseFeedAdapterTest {

    private static final String REPO = "router-for-me/CLIProxyAPI";
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private LoopbackStub github;
    private LoopbackStub other;

    @AfterEach
    void stopStubs() {
        if (github != null) {
            github.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private GitHubReleaseFeedAdapter feed(URI base, Map<String, String> environment) {
        return new GitHubReleaseFeedAdapter(base, environment, TIMEOUT);
    }

    @Test
    void latestReadsTheTagWithoutItsVAndSendsGitHubsHeaders() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 200,
                "{\"tag_name\":\"v6.9.10\",\"prerelease\":false,\"published_at\":\"2026-11-20T08:00:00Z\"}"));

        Release latest = feed(github.uri(), Map.of()).latest(REPO);

        assertEquals("6.9.10", latest.version());
        assertEquals(Optional.of(Instant.parse("2026-11-20T08:00:00Z")), latest.publishedAt());
        LoopbackStub.Recorded request = github.lastRequest();
        assertEquals("/repos/router-for-me/CLIProxyAPI/releases/latest", request.uri().getPath());
        assertEquals("application/vnd.github+json", request.headers().getFirst("Accept"));
        assertEquals("cliproxy-control", request.headers().getFirst("User-Agent"));
        assertNull(request.headers().getFirst("Authorization"), "anonymous without GITHUB_TOKEN");
    }

    @Test
    void assetsOfAReleaseCarryNameSizeUrlAndTheirSha256Digest() throws IOException {
        String digest = "ab".repeat(32);
        github = new LoopbackStub(exchange -> json(exchange, 200, """
                {"tag_name":"v6.9.2","assets":[
                 {"name":"CLIProxyAPI_6.9.2_linux_amd64.tar.gz","size":123,
                  "browser_download_url":"https://github.com/d/a.tar.gz","digest":"sha256:%s"},
                 {"name":"checksums.txt","size":9,"browser_download_url":"https://github.com/d/checksums.txt",
                  "digest":"sha512:00"},
                 {"name":"no-url"}]}""".formatted(digest.toUpperCase())));

        List<ReleaseAsset> assets = feed(github.uri(), Map.of()).assets(REPO, "6.9.2");

        assertEquals("/repos/router-for-me/CLIProxyAPI/releases/tags/v6.9.2", github.lastRequest().uri().getPath());
        assertEquals(List.of(
                new ReleaseAsset("CLIProxyAPI_6.9.2_linux_amd64.tar.gz", 123, "https://github.com/d/a.tar.gz",
                        Optional.of(digest)),
                new ReleaseAsset("checksums.txt", 9, "https://github.com/d/checksums.txt", Optional.empty())),
                assets);
    }

    @Test
    void sendsGitHubTokenAndKeepsABasePath() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"v6.9.10\"}"));

        feed(URI.create(github.uri() + "/api/v3/"), Map.of("GITHUB_TOKEN", "ghp_secret")).latest(REPO);

        assertEquals("/api/v3/repos/router-for-me/CLIProxyAPI/releases/latest", github.lastRequest().uri().getPath());
        assertEquals("Bearer ghp_secret", github.lastRequest().headers().getFirst("Authorization"));
    }

    @Test
    void listKeepsVersionTagsOnlySkipsDraftsAndMarksPrereleases() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 200, """
                [{"tag_name":"v6.9.11","prerelease":true,"draft":false},
                 {"tag_name":"v6.9.12","prerelease":false,"draft":true},
                 {"tag_name":"pre-cleanup-20260329","prerelease":false},
                 {"tag_name":"v6.9.10","prerelease":false,"published_at":"2026-11-20T08:00:00Z"},
                 {"tag_name":"v0.1.0-rc","prerelease":true},
                 {"name":"no tag"},
                 {"tag_name":"6.9.9-2"}]"""));

        List<Release> releases = feed(github.uri(), Map.of()).releases(REPO);

        assertEquals(List.of("6.9.11", "6.9.10", "6.9.9-2"), releases.stream().map(Release::version).toList());
        assertTrue(releases.get(0).prerelease());
        assertFalse(releases.get(1).prerelease());
        assertEquals("per_page=100", github.lastRequest().uri().getQuery());
        assertEquals("/repos/router-for-me/CLIProxyAPI/releases", github.lastRequest().uri().getPath());
    }

    @Test
    void rateLimitIsReportedAsSuchWithTheHintToSetAToken() throws IOException {
        github = new LoopbackStub(exchange -> {
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
            exchange.getResponseHeaders().set("X-RateLimit-Reset", "1795000000");
            json(exchange, 403, "{\"message\":\"API rate limit exceeded for 127.0.0.1.\"}");
        });

        ServiceUnavailableException anonymous = assertThrows(ServiceUnavailableException.class,
                () -> feed(github.uri(), Map.of()).latest(REPO));
        assertEquals("Release feed unavailable", anonymous.error());
        assertEquals(Optional.of("rate_limited"), anonymous.code());
        String message = anonymous.detail().orElseThrow();
        assertTrue(message.contains("rate limit") && message.contains("set GITHUB_TOKEN"), message);
        assertTrue(message.contains(Instant.ofEpochSecond(1795000000L).toString()), message);

        ServiceUnavailableException withToken = assertThrows(ServiceUnavailableException.class,
                () -> feed(github.uri(), Map.of("GITHUB_TOKEN", "ghp_secret")).latest(REPO));
        assertTrue(withToken.detail().orElseThrow().contains("rate limit for GITHUB_TOKEN"));
        assertFalse(withToken.getMessage().contains("ghp_secret"));
    }

    @Test
    void otherFailuresSayWhatWentWrong() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 403, "{\"message\":\"Forbidden\"}"));
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());
        assertEquals(Optional.of("feed_error"), failure(() -> feed.latest(REPO)).code());

        github.answer(exchange -> json(exchange, 404, "{\"message\":\"Not Found\"}"));
        ServiceUnavailableException notFound = failure(() -> feed.latest(REPO));
        assertEquals(Optional.of("feed_not_found"), notFound.code());
        assertTrue(notFound.detail().orElseThrow().contains(REPO));

        github.answer(exchange -> json(exchange, 502, "<html>bad gateway</html>"));
        assertEquals("GitHub answered HTTP 502", failure(() -> feed.latest(REPO)).detail().orElseThrow());

        github.answer(exchange -> json(exchange, 401, "{}"));
        assertEquals(Optional.of("feed_auth"), failure(() -> feed.latest(REPO)).code());
    }

    @Test
    void malformedAnswersAreInvalidNotMadeUp() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 200, "<html>not json"));
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());
        assertEquals(Optional.of("feed_invalid"), failure(() -> feed.latest(REPO)).code());

        github.answer(exchange -> json(exchange, 200, "{\"name\":\"no tag\"}"));
        assertEquals(Optional.of("feed_invalid"), failure(() -> feed.latest(REPO)).code());

        github.answer(exchange -> json(exchange, 200, "{\"tag_name\":\"pre-cleanup-20260329\"}"));
        assertTrue(failure(() -> feed.latest(REPO)).detail().orElseThrow().contains("not a version"));

        github.answer(exchange -> json(exchange, 200, "{\"tag_name\":\"v1.2.3\"}"));
        assertEquals(Optional.of("feed_invalid"), failure(() -> feed.releases(REPO)).code());
    }

    @Test
    void slowAnswersTimeOutWithinTheDeadline() throws IOException {
        github = LoopbackStub.replying(request -> Reply.heldBack());
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());

        long start = System.nanoTime();
        ServiceUnavailableException noHeaders = failure(() -> feed.latest(REPO));
        assertEquals(Optional.of("feed_timeout"), noHeaders.code());

        github.answer(github.stallingBody());
        assertEquals(Optional.of("feed_timeout"), failure(() -> feed.releases(REPO)).code());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0,
                "two timeouts of 800 ms, generously bounded");
    }

    @Test
    void unreachableFeedIsReported() throws IOException {
        int closedPort = StandInConfig.freePort();
        ServiceUnavailableException failure = failure(
                () -> feed(URI.create("http://127.0.0.1:" + closedPort), Map.of()).latest(REPO));
        assertEquals(Optional.of("feed_unreachable"), failure.code());
        assertTrue(failure.detail().orElseThrow().startsWith("cannot reach 127.0.0.1"));
    }

    @Test
    void followsRedirectsButNeverTakesTheTokenToAnotherHost() throws IOException {
        other = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"v7.0.0\"}"));
        github = new LoopbackStub(exchange -> {
            exchange.getResponseHeaders().set("Location", other.uri() + "/repositories/1/releases/latest");
            exchange.sendResponseHeaders(301, -1);
        });

        Release latest = feed(github.uri(), Map.of("GITHUB_TOKEN", "ghp_secret")).latest(REPO);

        assertEquals("7.0.0", latest.version());
        assertEquals("Bearer ghp_secret", github.lastRequest().headers().getFirst("Authorization"));
        assertNull(other.lastRequest().headers().getFirst("Authorization"));
    }

    @Test
    void goesThroughTheProxyTheEnvironmentNames() throws IOException {
        // A plain-http stand-in for the proxy: it receives the absolute URL of the feed.
        github = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"v6.9.10\"}"));
        Map<String, String> environment = Map.of("http_proxy", "http://127.0.0.1:" + github.port(),
                "NO_PROXY", "internal.example");

        Release latest = feed(URI.create("http://feed.example.invalid"), environment).latest(REPO);

        assertEquals("6.9.10", latest.version());
        assertEquals("feed.example.invalid", github.lastRequest().uri().getHost());
        assertEquals("/repos/router-for-me/CLIProxyAPI/releases/latest", github.lastRequest().uri().getPath());
    }

    @Test
    void aBlankGitHubTokenIsNoToken() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"v6.9.10\"}"));

        feed(github.uri(), Map.of("GITHUB_TOKEN", "  ")).latest(REPO);

        assertNull(github.lastRequest().headers().getFirst("Authorization"));
    }

    @Test
    void aNotFoundNamesWhatWasAskedFor() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 404, "{\"message\":\"Not Found\"}"));
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());

        assertEquals("GitHub has no latest release for " + REPO + " (HTTP 404)",
                failure(() -> feed.latest(REPO)).detail().orElseThrow());
        assertEquals("GitHub has no releases for " + REPO + " (HTTP 404)",
                failure(() -> feed.releases(REPO)).detail().orElseThrow());
        assertEquals("GitHub has no release v6.9.2 for " + REPO + " (HTTP 404)",
                failure(() -> feed.assets(REPO, "6.9.2")).detail().orElseThrow());
    }

    @Test
    void aRateLimitIsA429OrA403ThatSaysSo() throws IOException {
        github = new LoopbackStub(exchange -> json(exchange, 429, "{}"));
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());
        assertEquals(Optional.of("rate_limited"), failure(() -> feed.latest(REPO)).code(), "429 alone");

        github.answer(exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "60");
            json(exchange, 403, "{}");
        });
        assertEquals(Optional.of("rate_limited"), failure(() -> feed.latest(REPO)).code(), "403 with Retry-After");

        github.answer(exchange -> {
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", "12");
            json(exchange, 403, "{}");
        });
        assertEquals(Optional.of("feed_error"), failure(() -> feed.latest(REPO)).code(), "403 with requests left");

        github.answer(exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "60");
            json(exchange, 503, "{}");
        });
        assertEquals(Optional.of("feed_error"), failure(() -> feed.latest(REPO)).code(), "503 is no rate limit");
    }

    @Test
    void onlyTheFiveRedirectStatusesAreFollowed() throws IOException {
        other = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"v7.0.0\"}"));
        for (int status = 300; status <= 308; status++) {
            int answered = status;
            github = new LoopbackStub(exchange -> {
                exchange.getResponseHeaders().set("Location", other.uri() + "/moved");
                exchange.sendResponseHeaders(answered, -1);
            });
            try {
                GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());
                if (List.of(301, 302, 303, 307, 308).contains(status)) {
                    assertEquals("7.0.0", feed.latest(REPO).version(), "followed " + status);
                } else {
                    assertEquals("GitHub answered HTTP " + status, failure(() -> feed.latest(REPO)).detail()
                            .orElseThrow(), "not followed " + status);
                }
            } finally {
                github.close();
            }
        }
    }

    @Test
    void aRedirectLoopEndsAfterThreeHops() throws IOException {
        github = new LoopbackStub(exchange -> {
            exchange.getResponseHeaders().set("Location", "/again");
            exchange.sendResponseHeaders(302, -1);
        });

        assertEquals("GitHub answered HTTP 302", failure(() -> feed(github.uri(), Map.of()).latest(REPO))
                .detail().orElseThrow());
        assertEquals(4, github.requests().size(), "the request and three redirects");
    }

    @Test
    void aRedirectToSomethingOtherThanHttpIsRefused() throws IOException {
        github = new LoopbackStub(exchange -> {
            exchange.getResponseHeaders().set("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(301, -1);
        });

        ServiceUnavailableException refused = failure(() -> feed(github.uri(), Map.of()).latest(REPO));

        assertEquals("GitHub redirected to a location that is not http", refused.detail().orElseThrow());
        assertEquals(1, github.requests().size());
    }

    @Test
    void aTagThatIsNoVersionIsQuotedUpToEightyCharacters() throws IOException {
        String eighty = "t".repeat(80);
        github = new LoopbackStub(exchange -> json(exchange, 200, "{\"tag_name\":\"" + eighty + "\"}"));
        GitHubReleaseFeedAdapter feed = feed(github.uri(), Map.of());
        assertTrue(failure(() -> feed.latest(REPO)).detail().orElseThrow().contains("'" + eighty + "'"));

        github.answer(exchange -> json(exchange, 200, "{\"tag_name\":\"" + eighty + "u\"}"));
        String clipped = failure(() -> feed.latest(REPO)).detail().orElseThrow();
        assertTrue(clipped.contains("'" + eighty + "...'"), clipped);
    }

    @Test
    void anInterruptedCallerIsToldSoAndKeepsItsInterrupt() throws IOException {
        github = LoopbackStub.replying(request -> Reply.heldBack());
        GitHubReleaseFeedAdapter feed = new GitHubReleaseFeedAdapter(github.uri(), Map.of(), Duration.ofSeconds(30));

        Thread.currentThread().interrupt();
        try {
            ServiceUnavailableException interrupted = failure(() -> feed.latest(REPO));
            assertEquals(Optional.of("interrupted"), interrupted.code());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    private static ServiceUnavailableException failure(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ServiceUnavailableException.class, call);
    }
}
