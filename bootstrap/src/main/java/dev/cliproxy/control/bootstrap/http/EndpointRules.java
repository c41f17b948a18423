package dev.cliproxy.control.bootstrap.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Registers a service's routes, then, for each of its paths, a last route that answers 405 to every other method,
 * so that a wrong method never falls through to another route or to a 404.
 */
final class EndpointRules {

    private final HttpRules rules;
    private final Set<String> paths = new LinkedHashSet<>();

    private EndpointRules(HttpRules rules) {
        this.rules = rules;
    }

    static EndpointRules on(HttpRules rules) {
        return new EndpointRules(rules);
    }

    EndpointRules get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    EndpointRules post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    EndpointRules put(String path, Handler handler) {
        return route(Method.PUT, path, handler);
    }

    EndpointRules route(Method method, String path, Handler handler) {
        rules.route(method, path, handler);
        if (rules instanceof RouteRecorder.RecordingRules recording) {
            recording.record(method, path);
        }
        paths.add(path);
        return this;
    }

    /** Closes every registered path to the methods it does not serve. */
    void rejectOtherMethods() {
        paths.forEach(path -> rules.any(path, ErrorMapping::methodNotAllowed));
    }
}
