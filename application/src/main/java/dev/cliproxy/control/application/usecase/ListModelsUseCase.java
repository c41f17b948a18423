package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ModelCatalog;

/** {@code GET /models}: the models the running proxy serves. */
public interface ListModelsUseCase {

    /** Throws {@code ServiceUnavailableException} when the proxy is not running or cannot list its models. */
    ModelCatalog models();
}
