package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.bootstrap.http.dto.UpdateCheckResponse;
import dev.cliproxy.control.bootstrap.http.dto.VersionsResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code update-check} and {@code versions}. */
final class ReleaseRoutes implements HttpService {

    private final CheckForUpdateUseCase updateCheck;
    private final ListReleasesUseCase releases;

    ReleaseRoutes(ApiServices services) {
        this.updateCheck = services.updateCheck();
        this.releases = services.releases();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/update-check", this::updateCheck)
                .get("/versions", this::versions)
                .rejectOtherMethods();
    }

    private void updateCheck(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, UpdateCheckResponse.from(updateCheck.check()));
    }

    private void versions(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, VersionsResponse.from(releases.releases()));
    }
}
