package dev.cliproxy.control.bootstrap.http;

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

    /** In-flight requests get this long to finish when the server stops. */
    static final Duration SHUTDOWN_GRACE = Duration.ofMillis(500);

    private final WebServer server;

    private ApiServer(WebServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} ({@code 0} picks a free port) and starts serving. */
    public static ApiServer start(ApiServices services, String host, int port, AccessPolicy policy) {
        DirectHandler json = new JsonDirectHandler();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, json);
        }
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .shutdownGracePeriod(SHUTDOWN_GRACE)
                .directHandlers(direct.build())
                // Bodies over the limit are refused (413 JSON) before any route buffers them.
                .maxPayloadSize(services.maxConfigBodyBytes())
                .mediaContext(MediaContext.builder()
                        .mediaSupportsDiscoverServices(false)
                        .addMediaSupport(JacksonSupport.create(JsonResponses.MAPPER))
                        .build())
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .endpoint("/")
                        .addObserver(HealthObserver.builder()
                                .endpoint("health")
                                .useSystemServices(false)
                                .details(true)
                                .build())
                        .build())
                .routing(routing -> ApiRouting.configure(routing, services, policy))
                .build()
                .start();
        return new ApiServer(server);
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}
