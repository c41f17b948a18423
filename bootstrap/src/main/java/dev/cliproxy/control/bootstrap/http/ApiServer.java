package dev.cliproxy.control.bootstrap.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
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
    // The request line and header sizes keep Helidon's limits (2 KiB, 16 KiB): larger ones are refused before
    // routing and answered in JSON by JsonDirectHandler.
    /**
     * A client that sends nothing for this long, mid-request or between requests, has its connection closed, so a
     * stalled or idle client does not hold a connection (and its thread) forever.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** The path of the health endpoint, outside the API's base path. */
    public static final String HEALTH_PATH = "/health";

    private final WebServer server;
    private final EventRoutes events;

    private ApiServer(WebServer server, EventRoutes events) {
        this.server = server;
        this.events = events;
    }

    /** Binds {@code host:port} ({@code 0} picks a free port) and starts serving. */
    public static ApiServer start(ApiServices services, String host, int port, AccessPolicy policy,
                                  boolean accessLog) {
        DirectHandler json = new JsonDirectHandler();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, json);
        }
        EventRoutes events = new EventRoutes(services);
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .shutdownGracePeriod(SHUTDOWN_GRACE)
                .directHandlers(direct.build())
                // Bodies over the limit are refused (413 JSON) before any route buffers them.
                .maxPayloadSize(services.maxConfigBodyBytes())
                .connectionOptions(SocketOptions.builder().readTimeout(READ_TIMEOUT).build())
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
                                .addHealthChecks(ApiHealthChecks.of(services))
                                .build())
                        .build())
                .routing(routing -> ApiRouting.configure(routing, services, policy, events, accessLog))
                .build()
                .start();
        return new ApiServer(server, events);
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
    }
}
