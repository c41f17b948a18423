package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ModelsResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code models}. */
final class ModelRoutes {

    private final ListModelsUseCase models;

    ModelRoutes(ListModelsUseCase models) {
        this.models = models;
    }


    void models(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ModelsResponse.from(models.models()));
    }
}
