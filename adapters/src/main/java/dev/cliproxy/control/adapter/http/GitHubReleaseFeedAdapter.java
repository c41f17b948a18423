package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * GitHub's releases API ({@code /repos/<owner>/<name>/releases[/latest]}) through the JDK client, honouring
 * {@code HTTPS_PROXY}/{@code NO_PROXY}, authenticated with {@code GITHUB_TOKEN} when it is set (anonymous callers
 * get 60 requests an hour). The token is sent only to the configured host and never appears in a message.
 */
public final class GitHubReleaseFeedAdapter implements ReleaseFeedPort {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** {@code owner/name} as GitHub allows them; nothing that could change the request path. */
    public static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    /** The feed's failures that have no feed code of their own (a rate limit, an interrupt) say this too. */
    static final String UNAVAILABLE = ErrorCode.FEED_ERROR.error();
    static final String USER_AGENT = "cliproxy-control";
    /** GitHub's largest page; the newest hundred releases are plenty to pick a version from. */
    static final int PAGE_SIZE = 100;
    /** A page of a hundred releases with their notes and assets stays well under this. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Optional<String> token;
    private final LazyHttpClient client;
    private final Duration timeout;

    /** Reads {@code GITHUB_TOKEN} and the proxy variables from {@code environment}. */
    public GitHubReleaseFeedAdapter(URI baseUrl, Map<String, String> environment, Duration timeout) {
        this(baseUrl, Optional.ofNullable(environment.get("GITHUB_TOKEN")).map(String::strip)
                        .filter(value -> !value.isEmpty()),
                new LazyHttpClient(() -> HttpClient.newBuilder()
                        .proxy(EnvironmentProxySelector.from(environment))
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build()),
                timeout);
    }

    GitHubReleaseFeedAdapter(URI baseUrl, Optional<String> token, HttpClient client, Duration timeout) {
        this(baseUrl, token, LazyHttpClient.of(client), timeout);
    }

    private GitHubReleaseFeedAdapter(URI baseUrl, Optional<String> token, LazyHttpClient client, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = token;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Release latest(String repository) {
        JsonNode release = fetch(repository, "/releases/latest");
        JsonNode tag = release.get("tag_name");
        if (!(release instanceof ObjectNode) || tag == null || !tag.isTextual()) {
            throw invalid("the latest release of " + repository + " has no tag_name");
        }
        return Release.ofTag(tag.asText(), false, publishedAt(release))
                .orElseThrow(() -> invalid("the latest release of " + repository + " is tagged '"
                        + clip(tag.asText()) + "', which is not a version"));
    }

    @Override
    public List<Release> releases(String repository) {
        JsonNode page = fetch(repository, "/releases?per_page=" + PAGE_SIZE);
        if (!(page instanceof ArrayNode items)) {
            throw invalid("the release list of " + repository + " is not a JSON array");
        }
        List<Release> releases = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode tag = item.get("tag_name");
            if (item.path("draft").asBoolean(false) || tag == null || !tag.isTextual()) {
                continue;
            }
            // Stray tags (pre-cleanup-..., v0.1.0-rc) are not versions anyone can install: left out.
            Release.ofTag(tag.asText(), item.path("prerelease").asBoolean(false), publishedAt(item))
                    .ifPresent(releases::add);
        }
        return releases;
    }

    @Override
    public List<ReleaseAsset> assets(String repository, String version) {
        if (ProxyVersion.parse(version).isEmpty()) {
            throw new IllegalArgumentException("not a version: " + version);
        }
        JsonNode release = fetch(repository, "/releases/tags/v" + ProxyVersion.displayText(version));
        JsonNode items = release.get("assets");
        if (!(items instanceof ArrayNode)) {
            throw invalid("release " + version + " of " + repository + " has no asset list");
        }
        List<ReleaseAsset> assets = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode name = item.get("name");
            JsonNode url = item.get("browser_download_url");
            if (name == null || !name.isTextual() || url == null || !url.isTextual()) {
                continue;
            }
            assets.add(new ReleaseAsset(name.asText(), item.path("size").asLong(-1), url.asText(),
                    ReleaseAsset.sha256OfDigest(item.path("digest").asText(null))));
        }
        return assets;
    }

    private JsonNode fetch(String repository, String path) {
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("not a GitHub repository owner/name: " + repository);
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        HttpResponse<byte[]> response = get(URI.create(base + "/repos/" + repository + path));
        int status = response.statusCode();
        if (status == 200) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw invalid("GitHub answered with something that is not JSON");
            }
        }
        if (isRateLimited(response)) {
            throw new ServiceUnavailableException(UNAVAILABLE, rateLimitMessage(response), ErrorCode.RATE_LIMITED, null);
        }
        throw switch (status) {
            case 401 -> unavailable("GitHub rejected GITHUB_TOKEN (HTTP 401): check or unset it", ErrorCode.FEED_AUTH);
            case 404 -> unavailable("GitHub has no " + (path.endsWith("latest") ? "latest release"
                    : path.contains("/tags/") ? "release " + path.substring(path.lastIndexOf('/') + 1) : "releases")
                    + " for " + repository + " (HTTP 404)", ErrorCode.FEED_NOT_FOUND);
            default -> unavailable("GitHub answered HTTP " + status, ErrorCode.FEED_ERROR);
        };
    }

    /** One GET, following a few redirects (GitHub redirects renamed repositories); the token stays with its host. */
    private HttpResponse<byte[]> get(URI uri) {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("User-Agent", USER_AGENT)
                    .GET();
            if (sameOrigin(target, uri)) {
                token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
            }
            HttpResponse<byte[]> response = send(request.build());
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(response.statusCode()) || location.isEmpty() || hop == MAX_REDIRECTS) {
                return response;
            }
            try {
                target = target.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw unavailable("GitHub redirected to an invalid location", ErrorCode.FEED_ERROR);
            }
            if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                throw unavailable("GitHub redirected to a location that is not http", ErrorCode.FEED_ERROR);
            }
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        String host = request.uri().getHost();
        try {
            return BoundedExchange.send(client.get(), request, timeout, MAX_BODY_BYTES);
        } catch (HttpTimeoutException e) {
            throw new ServiceUnavailableException(ErrorCode.FEED_TIMEOUT,
                    host + " did not answer within " + BoundedExchange.describe(timeout), e);
        } catch (BoundedExchange.BodyTooLargeException e) {
            throw new ServiceUnavailableException(ErrorCode.FEED_INVALID, host + " answered with more than "
                    + MAX_BODY_BYTES / (1024 * 1024) + " MB", e);
        } catch (IOException e) {
            throw new ServiceUnavailableException(ErrorCode.FEED_UNREACHABLE, "cannot reach " + host + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + clip(e.getMessage()))
                    + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(UNAVAILABLE, "interrupted while asking " + host,
                    ErrorCode.INTERRUPTED, e);
        }
    }

    /** GitHub says so with 403 or 429 and no requests left, or with a Retry-After (its secondary limits). */
    private static boolean isRateLimited(HttpResponse<?> response) {
        int status = response.statusCode();
        return (status == 403 || status == 429)
                && (status == 429 || response.headers().firstValue("Retry-After").isPresent()
                || response.headers().firstValue("X-RateLimit-Remaining").map(String::strip).filter("0"::equals)
                .isPresent());
    }

    private String rateLimitMessage(HttpResponse<?> response) {
        StringBuilder message = new StringBuilder(token.isPresent()
                ? "GitHub's rate limit for GITHUB_TOKEN is used up"
                : "GitHub's rate limit for anonymous requests (60 an hour) is used up; set GITHUB_TOKEN to raise it");
        OptionalLong reset = response.headers().firstValueAsLong("X-RateLimit-Reset");
        if (reset.isPresent()) {
            try {
                message.append(" (the limit resets at ").append(Instant.ofEpochSecond(reset.getAsLong())).append(')');
            } catch (DateTimeException e) {
                // A reset time out of range says nothing useful: left out.
            }
        }
        return message.toString();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    private static Optional<Instant> publishedAt(JsonNode release) {
        JsonNode published = release.get("published_at");
        if (published == null || !published.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(published.asText()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static ServiceUnavailableException invalid(String message) {
        return unavailable(message, ErrorCode.FEED_INVALID);
    }

    private static ServiceUnavailableException unavailable(String message, ErrorCode code) {
        return new ServiceUnavailableException(code, message);
    }

    private static String clip(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
