package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.bootstrap.http.dto.QuotaResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /quota/{provider}/{accountId}} (contract §4); the account id may be URL-encoded ({@code a%23b}). */
final class QuotaRoutes implements HttpService {

    private final GetQuotaUseCase quota;

    QuotaRoutes(ApiServices services) {
        this.quota = services.quota();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/quota/{provider}/{accountId}", this::quota)
                .rejectOtherMethods();
    }

    private void quota(ServerRequest req, ServerResponse res) {
        String provider = req.path().pathParameters().get("provider");
        String accountId = req.path().pathParameters().get("accountId");
        JsonResponses.ok(res, QuotaResponse.from(quota.quota(provider, accountId)));
    }
}
