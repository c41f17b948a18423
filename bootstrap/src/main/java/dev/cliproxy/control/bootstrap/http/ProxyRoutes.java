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
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code proxy-status}, {@code proxy-start}, {@code proxy-stop}, {@code proxy-restart}; and {@code status} and
 * {@code restart}, the same status and restart in the shapes the Node dashboard's own page calls them.
 */
final class ProxyRoutes {

    private final GetProxyStatusUseCase status;
    private final StartProxyUseCase start;
    private final StopProxyUseCase stop;
    private final RestartProxyUseCase restart;
    private final GetSupervisionStatusUseCase supervision;
    /** A polled status mostly answers what it answered before: its JSON is written once, not on every call. */
    private final LastRendered<ProxyStatusResponse> statusJson = LastRendered.byEquality(response -> response);

    ProxyRoutes(ProcessApi process) {
        this.supervision = process.supervision();
        this.status = process.status();
        this.start = process.start();
        this.stop = process.stop();
        this.restart = process.restart();
    }

    void status(ServerRequest req, ServerResponse res) {
        JsonResponses.okJson(res,
                statusJson.json(ProxyStatusResponse.from(status.status(), supervision.supervision())));
    }

    void start(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStartResponse.from(start.start()));
    }

    void stop(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyStopResponse.from(stop.stop()));
    }

    void restart(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ProxyRestartResponse.from(restart.restart()));
    }

    void dashboardStatus(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, DashboardStatusResponse.from(status.status()));
    }

    void dashboardRestart(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, DashboardRestartResponse.from(restart.restart()));
    }
}
