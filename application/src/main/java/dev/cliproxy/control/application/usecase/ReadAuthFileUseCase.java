package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.FileContent;

/** {@code GET /auth-files/download}: one auth file, opened for streaming; 404 when there is no such file. */
public interface ReadAuthFileUseCase {

    FileContent open(AuthFileName name);
}
