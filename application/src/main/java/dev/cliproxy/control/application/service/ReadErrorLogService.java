package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.port.LogStorePort;

/** Opens one error log, or says it is not there. */
public final class ReadErrorLogService implements ReadErrorLogUseCase {

    private final LogStorePort logs;

    public ReadErrorLogService(LogStorePort logs) {
        this.logs = logs;
    }

    @Override
    public FileContent open(ErrorLogName name) {
        return logs.open(name).orElseThrow(() -> new NotFoundException("Error log not found"));
    }
}
