package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.bootstrap.http.dto.UpdateCheckResponse;
import dev.cliproxy.control.bootstrap.http.dto.VersionsResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code update-check} and {@code versions}. */
final class ReleaseRoutes {

    private final CheckForUpdateUseCase updateCheck;
    private final ListReleasesUseCase releases;

    ReleaseRoutes(ReleaseApi api) {
        this.updateCheck = api.updateCheck();
        this.releases = api.releases();
    }


    void updateCheck(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, UpdateCheckResponse.from(updateCheck.check()));
    }

    void versions(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, VersionsResponse.from(releases.releases()));
    }
}
