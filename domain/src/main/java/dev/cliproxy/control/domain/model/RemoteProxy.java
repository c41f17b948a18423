package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A proxy on another host, managed there, that this program reaches through CLIProxyAPI's own HTTP API: its base
 * URL ({@code http} or {@code https}, a host and an explicit port, nothing else) and the keys it expects, each
 * optional: {@code clientKey} for {@code /v1/*} (the {@code ccs} settings' {@code auth_token}) and
 * {@code managementKey} for {@code /v0/management/*}. {@link #toString()} never shows a key.
 */
public record RemoteProxy(URI baseUri, Optional<String> clientKey, Optional<String> managementKey) {

    /** The port of an {@code https} URL that names none. */
    public static final int HTTPS_PORT = 443;
    /** The port of an {@code http} URL that names none: CLIProxyAPI's own default. */
    public static final int HTTP_PORT = CcsLayout.DEFAULT_PROXY_PORT;
    /** A host name, an IPv4 address or a bracketed IPv6 address: nothing that could carry a path or credentials. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final int MAX_URL_LENGTH = 300;

    public RemoteProxy {
        Objects.requireNonNull(baseUri, "baseUri");
        if (!baseUri.equals(normalOrNull(baseUri))) {
            throw new IllegalArgumentException("the base URL must be scheme://host:port, as parseBaseUrl gives it");
        }
        clientKey = Objects.requireNonNull(clientKey, "clientKey").filter(key -> !key.isBlank());
        managementKey = Objects.requireNonNull(managementKey, "managementKey").filter(key -> !key.isBlank());
    }

    /**
     * The target of the {@code ccs} tools' remote mode ({@code cliproxy_server.remote}), as they resolve it:
     * {@code protocol} {@code https} (any case) or else {@code http}; {@code port} when it is a valid port, else 443
     * for https and 8317 for http; {@code management_key}, else {@code auth_token}, for the management API. Empty
     * when {@code host} is not a plain host name or address.
     */
    public static Optional<RemoteProxy> ofCcsSettings(String host, Optional<String> protocol, Optional<Integer> port,
                                                      Optional<String> authToken, Optional<String> managementKey) {
        String scheme = protocol.map(p -> p.strip().toLowerCase(Locale.ROOT)).filter("https"::equals).orElse("http");
        String name = host.strip();
        if (!HOST.matcher(name).matches()) {
            return Optional.empty();
        }
        int effective = port.filter(p -> p >= 1 && p <= 65535).orElse(defaultPort(scheme));
        // A blank token is no key: the constructor drops it, here as the management key too.
        return Optional.of(new RemoteProxy(URI.create(scheme + "://" + name.toLowerCase(Locale.ROOT) + ":" + effective),
                authToken, managementKey.filter(key -> !key.isBlank()).or(() -> authToken)));
    }

    /**
     * A base URL as a person writes it, {@code https://proxy.example.com} or {@code http://10.0.0.5:8317/}, in the
     * form {@link #baseUri()} holds: scheme and host in lower case, the port explicit (443 for https, 8317 for
     * http when absent), no path. Anything else (another scheme, user info, a path, a query, a fragment) is an
     * {@link InvalidInputException} that says which.
     */
    public static URI parseBaseUrl(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_URL_LENGTH) {
            throw invalid("the base URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid("the base URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("the base URL must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("the base URL must not hold a user name or password: give the management key on its own");
        }
        if (uri.getHost() == null || !HOST.matcher(uri.getHost()).matches()) {
            throw invalid("the base URL must name a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw invalid("the base URL must be the proxy's root, with no path, query or fragment");
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("the base URL's port must be from 1 to 65535");
        }
        return URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    }

    private static URI normalOrNull(URI uri) {
        try {
            return parseBaseUrl(uri.toString());
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? HTTPS_PORT : HTTP_PORT;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_FLEET_INSTANCE, detail);
    }

    /** The port of {@link #baseUri()}, always explicit. */
    public int port() {
        return baseUri.getPort();
    }

    /** Whether the proxy is reached over TLS. */
    public boolean secure() {
        return baseUri.getScheme().equals("https");
    }

    /** Never the keys themselves: a record's default text would put them in logs and exception messages. */
    @Override
    public String toString() {
        return "RemoteProxy[" + baseUri + ", clientKey=" + (clientKey.isPresent() ? "***" : "none")
                + ", managementKey=" + (managementKey.isPresent() ? "***" : "none") + "]";
    }
}
