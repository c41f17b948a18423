package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.bootstrap.http.dto.QuotaResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /quota/{provider}/{accountId}} (contract §4); the account id may be URL-encoded ({@code a%23b}). */
final class QuotaRoutes {

    private final GetQuotaUseCase quota;

    QuotaRoutes(GetQuotaUseCase quota) {
        this.quota = quota;
    }


    void quota(ServerRequest req, ServerResponse res) {
        String provider = req.path().pathParameters().get("provider");
        String accountId = req.path().pathParameters().get("accountId");
        JsonResponses.ok(res, QuotaResponse.from(quota.quota(provider, accountId)));
    }
}
