package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.domain.model.ModelCatalog;

/** The models the running proxy serves: {@code control.models()}. */
public final class ModelOperations {

    private final ListModelsUseCase models;

    ModelOperations(ListModelsUseCase models) {
        this.models = models;
    }

    /**
     * The proxy's {@code /v1/models}, in its order and grouped by owner. Throws
     * {@link dev.cliproxy.control.domain.error.ServiceUnavailableException} when the proxy is not running or
     * cannot list them.
     */
    public ModelCatalog list() {
        return models.models();
    }
}
