package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ReleaseListing;

/** {@code GET /versions}: the published releases a user can pick from. */
public interface ListReleasesUseCase {

    /** Throws {@code ServiceUnavailableException} when the feed cannot be read and nothing is cached. */
    ReleaseListing releases();
}
