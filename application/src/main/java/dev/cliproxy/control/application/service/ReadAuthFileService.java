package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.port.AuthFileStorePort;

/** Opens one auth file, or says it is not there. */
public final class ReadAuthFileService implements ReadAuthFileUseCase {

    private final AuthFileStorePort authFiles;

    public ReadAuthFileService(AuthFileStorePort authFiles) {
        this.authFiles = authFiles;
    }

    @Override
    public FileContent open(AuthFileName name) {
        return authFiles.open(name).orElseThrow(() -> new NotFoundException("Auth file not found"));
    }
}
