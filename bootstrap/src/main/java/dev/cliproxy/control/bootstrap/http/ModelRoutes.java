package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ModelsResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code models}. */
final class ModelRoutes implements HttpService {

    private final ListModelsUseCase models;

    ModelRoutes(ApiServices services) {
        this.models = services.models();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/models", this::models)
                .rejectOtherMethods();
    }

    private void models(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ModelsResponse.from(models.models()));
    }
}
