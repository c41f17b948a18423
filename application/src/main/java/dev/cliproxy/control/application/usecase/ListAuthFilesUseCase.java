package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AuthFileListing;

/** {@code GET /auth-files}: the regular files of the auth directory, sorted by name. */
public interface ListAuthFilesUseCase {

    AuthFileListing list();
}
