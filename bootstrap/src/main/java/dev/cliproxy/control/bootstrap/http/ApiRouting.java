package dev.cliproxy.control.bootstrap.http;

import io.helidon.webserver.http.HttpRouting;

/** Every route of the API, in an order where each specific route is reached before any broader one. */
public final class ApiRouting {

    /** The base path of the contract. */
    public static final String BASE_PATH = "/api/cliproxy";

    private ApiRouting() {
    }

    public static void configure(HttpRouting.Builder routing, ApiServices services, AccessPolicy policy) {
        routing.addFilter(new RequestGuard(policy));
        routing.register(BASE_PATH, new ProxyRoutes(services), new ModelRoutes(services), new ReleaseRoutes(services),
                new QuotaRoutes(services), new ErrorLogRoutes(services), new ConfigRoutes(services),
                new AuthFileRoutes(services));
        ErrorMapping.register(routing);
    }
}
