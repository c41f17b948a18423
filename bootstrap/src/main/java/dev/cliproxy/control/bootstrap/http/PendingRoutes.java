package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.domain.error.NotImplementedException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Contract routes this build does not serve yet: they answer 501 JSON, never a made-up success. */
final class PendingRoutes implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/update-check", PendingRoutes::notImplemented)
                .get("/models", PendingRoutes::notImplemented)
                .get("/quota/{provider}/{accountId}", PendingRoutes::notImplemented)
                .rejectOtherMethods();
    }

    static void notImplemented(ServerRequest req, ServerResponse res) {
        throw new NotImplementedException("Not implemented", null, "not_implemented", null);
    }
}
