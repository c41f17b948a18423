package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetSupervisionStatusUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.bootstrap.http.dto.DashboardRestartResponse;
import dev.cliproxy.control.bootstrap.http.dto.DashboardStatusResponse;
import dev.cliproxy.control.bootstrap.http.dto.ProxyRestartResponse;
import dev.cliproxy.control.bootstrap.http.dto.ProxyStartResponse;
import dev.cliproxy.control.bootstrap.http.dto.ProxyStatusResponse;
import dev.cliproxy.control.bootstrap.http.dto.ProxyStopResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code proxy-status}, {@code proxy-start}, {@code proxy-stop}, {@code proxy-restart}; and {@code status} and
 * {@code restart}, the same status and restart in the shapes the Node dashboard's own page calls them.
 */
final class ProxyRoutes implements HttpService {

    private final GetProxyStatusUseCase status;
    private final StartProxyUseCase start;
    private final StopProxyUseCase stop;
    private final RestartProxyUseCase restart;
    private final GetSupervisionStatusUseCase supervision;

    ProxyRoutes(ApiServices services) {
        this.supervision = services.supervision();
        this.status = services.proxyStatus();
        this.start = services.proxyStart();
        this.stop = services.proxyStop();
        this.restart = services.proxyRestart();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/proxy-status", this::status)
                .post("/proxy-start", this::start)
                .post("/proxy-stop", this::stop)
                .post("/proxy-restart", this::restart)
                .get("/status", this::dashboardStatus)
                .post("/restart", this::dashboardRestart)
                .rejectOtherMethods();
    }

    private void status(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStatusResponse.from(status.status(), supervision.supervision()));
    }

    private void start(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStartResponse.from(start.start()));
    }

    private void stop(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStopResponse.from(stop.stop()));
    }

    private void restart(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyRestartResponse.from(restart.restart()));
    }

    private void dashboardStatus(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, DashboardStatusResponse.from(status.status()));
    }

    private void dashboardRestart(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, DashboardRestartResponse.from(restart.restart()));
    }
}
