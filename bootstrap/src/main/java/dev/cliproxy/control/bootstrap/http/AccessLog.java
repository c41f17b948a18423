package dev.cliproxy.control.bootstrap.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * One line per request: method, path (never the query string, which may carry names and ids), status and
 * duration. Never headers or bodies, which may carry tokens. When the logger is off a request costs one level check.
 */
final class AccessLog implements Filter {

    /** The logger's name, for configuring it. */
    static final String LOGGER = "dev.cliproxy.control.access";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            long start = System.nanoTime();
            String method = req.prologue().method().text();
            String path = req.path().rawPath();
            res.whenSent(() -> LOG.log(System.Logger.Level.INFO, line(method, path, res.status().code(),
                    System.nanoTime() - start)));
        }
        chain.proceed();
    }

    /** {@code GET /api/cliproxy/proxy-status 200 0.412 ms}; built by hand, as this runs for every request. */
    static String line(String method, String path, int status, long nanos) {
        long micros = nanos / 1000;
        long fraction = micros % 1000;
        return method + " " + path + " " + status + " " + micros / 1000 + (fraction < 10 ? ".00" : fraction < 100
                ? ".0" : ".") + fraction + " ms";
    }
}
