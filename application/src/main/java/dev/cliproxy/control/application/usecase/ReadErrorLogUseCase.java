package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;

/** {@code GET /error-logs/{name}}: one error log, opened for streaming; 404 when there is no such log. */
public interface ReadErrorLogUseCase {

    FileContent open(ErrorLogName name);
}
