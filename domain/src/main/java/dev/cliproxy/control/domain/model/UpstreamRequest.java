package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to a provider's API, without its credential: whoever sends it adds {@code Authorization:
 * <authScheme> <token>}, directly or through the proxy's management {@code api-call}.
 *
 * @param authScheme {@code Bearer} for most providers, {@code token} for GitHub
 */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, Optional<String> body,
                              String authScheme) {

    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(authScheme, "authScheme");
    }

    public static UpstreamRequest get(URI uri, Map<String, String> headers, String authScheme) {
        return new UpstreamRequest("GET", uri, headers, Optional.empty(), authScheme);
    }

    public static UpstreamRequest post(URI uri, Map<String, String> headers, String body, String authScheme) {
        return new UpstreamRequest("POST", uri, headers, Optional.of(body), authScheme);
    }
}
