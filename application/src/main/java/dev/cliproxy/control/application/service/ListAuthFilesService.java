package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.domain.model.AuthFileListing;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import java.util.Comparator;

/** Lists the auth directory, sorted by name so that the order does not depend on the file system. */
public final class ListAuthFilesService implements ListAuthFilesUseCase {

    private final AuthFileStorePort authFiles;

    public ListAuthFilesService(AuthFileStorePort authFiles) {
        this.authFiles = authFiles;
    }

    @Override
    public AuthFileListing list() {
        return new AuthFileListing(authFiles.directory(),
                authFiles.list().stream().sorted(Comparator.comparing(StoredFile::name)).toList());
    }
}
