package dev.cliproxy.control.testkit.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one HTTP client of our tests: the JDK client without any proxy (every server under test is on loopback),
 * bound to a base URI that request paths are appended to, with one timeout for connecting and for each request.
 * Headers are given as name, value pairs. A test that needs an unusual request builds it from {@link #request}
 * and sends it with {@link #send(HttpRequest.Builder, HttpResponse.BodyHandler)}.
 */
public final class TestHttpClient {

    /** Long enough for a busy build machine, short enough that a hung server fails the test. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    private TestHttpClient(String base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(timeout).build();
    }

    /** A client whose paths are appended to {@code base} (for example {@code http://127.0.0.1:1234/api}). */
    public static TestHttpClient at(URI base) {
        return at(base.toString());
    }

    /** A client whose paths are appended to {@code base}; {@code ""} when every path is an absolute URL. */
    public static TestHttpClient at(String base) {
        return new TestHttpClient(base, DEFAULT_TIMEOUT);
    }

    /** The same base with another timeout (connect and per request). */
    public TestHttpClient withTimeout(Duration other) {
        return new TestHttpClient(base, other);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A request to {@code base + path} with the timeout and the headers set, method still to choose. */
    public HttpRequest.Builder request(String path, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    public HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        return send("DELETE", path, null, headers);
    }

    /** A POST without a body (an action such as start or stop). */
    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send("POST", path, null);
    }

    public HttpResponse<String> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send("POST", path, body, headers);
    }

    public HttpResponse<String> put(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send("PUT", path, body, headers);
    }

    /** Any method; a {@code null} body sends none. */
    public HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send(request(path, headers).method(method, publisher(body)), HttpResponse.BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> answer)
            throws IOException, InterruptedException {
        return client.send(request.build(), answer);
    }

    /** Any method without waiting for the answer (requests in flight together); a {@code null} body sends none. */
    public CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body,
            String... headers) {
        return client.sendAsync(request(path, headers).method(method, publisher(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher publisher(String body) {
        return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    }
}
