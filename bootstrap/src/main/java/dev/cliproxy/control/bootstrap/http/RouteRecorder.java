package dev.cliproxy.control.bootstrap.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Notes the method and full path of every route a service registers through {@link EndpointRules}, so that the
 * API description can be checked against what the server really serves.
 */
final class RouteRecorder {

    private final List<ApiRouting.Route> routes = new ArrayList<>();

    /** {@code service}, registering its routes as before and telling this recorder about each under {@code base}. */
    HttpService recording(String base, HttpService service) {
        return rules -> service.routing(new RecordingRules(rules, base));
    }

    /** A live view: services register their routes when the routing is built. */
    List<ApiRouting.Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** Delegates everything; {@link EndpointRules} reports its routes here. */
    final class RecordingRules implements HttpRules {

        private final HttpRules delegate;
        private final String base;

        private RecordingRules(HttpRules delegate, String base) {
            this.delegate = delegate;
            this.base = base;
        }

        void record(Method method, String path) {
            routes.add(new ApiRouting.Route(method.text(), base + path));
        }

        @Override
        public HttpRules register(HttpService... services) {
            delegate.register(services);
            return this;
        }

        @Override
        public HttpRules register(String pathPattern, HttpService... services) {
            delegate.register(pathPattern, services);
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            delegate.route(route);
            return this;
        }
    }
}
