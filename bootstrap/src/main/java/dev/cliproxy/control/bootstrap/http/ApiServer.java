package dev.cliproxy.control.bootstrap.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.time.Duration;

/** The Helidon web server that serves {@link ApiRouting}, plus {@code GET /health}. */
public final class ApiServer {

    /**
     * In-flight requests get this long to finish when the server stops. Slow routes (a models call, a quota call)
     * take seconds; event streams are ended before the stop, so they do not use it up.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** The request line, and all headers together: larger ones are refused before routing (JSON answers). */
    static final int MAX_PROLOGUE_BYTES = 4 * 1024;
    static final int MAX_HEADERS_BYTES = 16 * 1024;
    /**
     * How long a client may take to send a request's headers after its request line, or its body (the config
     * upload) once the headers are in, and how long a connection may stay idle between requests: past it the
     * connection is closed, so that no stalled or dribbling client holds it (and its thread) forever. Requests
     * being handled (an event stream, a slow upstream call) are not cut.
     */
    static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
    /** How often connections are checked against {@link #REQUEST_READ_TIMEOUT}. */
    private static final Duration TIMEOUT_CHECK = Duration.ofSeconds(1);
    /** The path of the health endpoint, outside the API's base path. */
    public static final String HEALTH_PATH = "/health";
    /** The path of the Prometheus metrics, outside the API's base path. */
    public static final String METRICS_PATH = Metrics.PATH;

    private final WebServer server;
    private final EventRoutes events;
    private final RequestHeadDeadline headDeadline;
    private final Metrics metrics;

    private ApiServer(WebServer server, EventRoutes events, RequestHeadDeadline headDeadline, Metrics metrics) {
        this.server = server;
        this.events = events;
        this.headDeadline = headDeadline;
        this.metrics = metrics;
    }

    /** Binds {@code host:port} ({@code 0} picks a free port) and starts serving. */
    public static ApiServer start(HttpApi api, String host, int port, AccessPolicy policy,
                                  boolean accessLog) {
        EventRoutes events = new EventRoutes(api.process().events(), api.releases().installs(),
                api.alerts().watch(), api.accountChanges().events());
        RequestHeadDeadline headDeadline = new RequestHeadDeadline(REQUEST_READ_TIMEOUT, TIMEOUT_CHECK);
        Metrics metrics = new Metrics(api);
        try {
            return new ApiServer(start(api, host, port, policy, accessLog, events, headDeadline, metrics), events,
                    headDeadline, metrics);
        } catch (RuntimeException e) {
            headDeadline.close();
            metrics.close();
            throw e;
        }
    }

    private static WebServer start(HttpApi api, String host, int port, AccessPolicy policy,
                                   boolean accessLog, EventRoutes events, RequestHeadDeadline headDeadline,
                                   Metrics metrics) {
        DirectHandler json = new JsonDirectHandler();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, json);
        }
        return WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .shutdownGracePeriod(SHUTDOWN_GRACE)
                // Without it Nagle's algorithm holds a body written after the headers' small segment until the
                // client's delayed ACK (40 ms on Linux) on a kept-alive connection: listings of tens of KB stalled.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .directHandlers(direct.build())
                // Bodies over the limit are refused (413 JSON) before any route buffers them.
                .maxPayloadSize(api.files().maxConfigBodyBytes())
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder()
                        .maxPrologueLength(MAX_PROLOGUE_BYTES)
                        .maxHeadersSize(MAX_HEADERS_BYTES)
                        .addReceiveListener(headDeadline)
                        .build())
                .idleConnectionTimeout(REQUEST_READ_TIMEOUT)
                .idleConnectionPeriod(TIMEOUT_CHECK)
                .mediaContext(MediaContext.builder()
                        .mediaSupportsDiscoverServices(false)
                        .addMediaSupport(JacksonSupport.create(JsonResponses.MAPPER))
                        .build())
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .endpoint("/")
                        .addObserver(HealthObserver.builder()
                                .endpoint(HEALTH_PATH.substring(1))
                                .useSystemServices(false)
                                .details(true)
                                .addHealthChecks(ApiHealthChecks.of(api))
                                .build())
                        .build())
                .routing(routing -> ApiRouting.configure(routing, api, policy, events, metrics, accessLog,
                        REQUEST_READ_TIMEOUT))
                .build()
                .start();
    }

    public int port() {
        return server.port();
    }

    /** Ends the event streams, then stops, letting other requests in flight finish within the grace period. */
    public void stop() {
        events.close();
        if (server.isRunning()) {
            server.stop();
        }
        headDeadline.close();
        metrics.close();
    }
}
