package dev.cliproxy.control;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link CliProxyControl#serveHttp(HttpServerOptions)} listens: the address, the port ({@code 0} picks a free
 * one), the access token that every request must carry ({@code Authorization: Bearer <token>}), and whether
 * each request is logged (method, path, status, duration) to the {@code dev.cliproxy.control.access} logger.
 */
public record HttpServerOptions(String host, int port, Optional<String> token, boolean accessLog) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3000;

    public HttpServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
    }

    /** Loopback on port 3000 with no token and no access log (a polled status would flood it). */
    public static HttpServerOptions defaults() {
        return new HttpServerOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), false);
    }

    public HttpServerOptions withHost(String newHost) {
        return new HttpServerOptions(newHost, port, token, accessLog);
    }

    public HttpServerOptions withPort(int newPort) {
        return new HttpServerOptions(host, newPort, token, accessLog);
    }

    public HttpServerOptions withToken(String newToken) {
        return new HttpServerOptions(host, port, Optional.of(newToken), accessLog);
    }

    /** Whether each request is logged; when off, the log costs nothing at all. */
    public HttpServerOptions withAccessLog(boolean enabled) {
        return new HttpServerOptions(host, port, token, enabled);
    }
}
