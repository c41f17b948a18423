package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ProxyStatusResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code proxy-status}, {@code proxy-start}, {@code proxy-stop}. */
final class ProxyRoutes implements HttpService {

    private final GetProxyStatusUseCase status;

    ProxyRoutes(ApiServices services) {
        this.status = services.proxyStatus();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/proxy-status", this::status)
                .post("/proxy-start", PendingRoutes::notImplemented)
                .post("/proxy-stop", PendingRoutes::notImplemented)
                .rejectOtherMethods();
    }

    private void status(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStatusResponse.from(status.status()));
    }
}
