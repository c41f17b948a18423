package dev.cliproxy.control;

import java.net.URI;

/** A running HTTP API started by {@link CliProxyControl#serveHttp(HttpServerOptions)}; closing it stops it. */
public interface HttpServerHandle extends AutoCloseable {

    /** The port it listens on (the chosen one when {@code 0} was asked for). */
    int port();

    /** The base address, for example {@code http://127.0.0.1:3000}. */
    URI uri();

    /** Stops listening, letting requests in flight finish within the grace period. */
    @Override
    void close();
}
