package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.UpdateCheck;

/** {@code GET /update-check}: is a newer proxy release published than the one installed. */
public interface CheckForUpdateUseCase {

    /** Throws {@code ServiceUnavailableException} when the feed cannot be read and nothing is cached. */
    UpdateCheck check();
}
