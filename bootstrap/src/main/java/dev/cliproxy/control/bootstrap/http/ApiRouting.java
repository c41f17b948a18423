package dev.cliproxy.control.bootstrap.http;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/** Every route of the API, in an order where each specific route is reached before any broader one. */
public final class ApiRouting {

    /** The base path of the contract. */
    public static final String BASE_PATH = "/api/cliproxy";

    private ApiRouting() {
    }

    /** One route: its method and its full path pattern, as the API description names them. */
    public record Route(String method, String path) {
    }

    /**
     * Configures {@code routing} and returns the routes it serves under {@link #BASE_PATH}: a view filled in when
     * the routing is built.
     */
    public static List<Route> configure(HttpRouting.Builder routing, ApiServices services, AccessPolicy policy,
                                        EventRoutes events, boolean accessLog) {
        if (accessLog) {
            // First, so that even refused requests are logged.
            routing.addFilter(new AccessLog());
        }
        routing.addFilter(new RequestGuard(policy));
        RouteRecorder recorder = new RouteRecorder();
        for (HttpService service : List.of(new ProxyRoutes(services), events, new ModelRoutes(services),
                new ReleaseRoutes(services), new InstallRoutes(services), new QuotaRoutes(services), new ErrorLogRoutes(services),
                new ConfigRoutes(services), new AuthFileRoutes(services), new OpenApiRoutes())) {
            routing.register(BASE_PATH, recorder.recording(BASE_PATH, service));
        }
        ErrorMapping.register(routing);
        return recorder.routes();
    }

    /** The routes a server of {@code services} serves under {@link #BASE_PATH}, without starting one. */
    public static List<Route> routes(ApiServices services) {
        HttpRouting.Builder routing = HttpRouting.builder();
        List<Route> routes = configure(routing, services, new AccessPolicy.LoopbackOnly(), new EventRoutes(services),
                false);
        routing.build();
        return List.copyOf(routes);
    }
}
