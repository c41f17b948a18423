package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.domain.model.AuthFileListing;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.FileContent;

/** The OAuth token files of the auth directory: {@code control.authFiles()}. */
public final class AuthFileOperations {

    private final ListAuthFilesUseCase list;
    private final ReadAuthFileUseCase read;

    AuthFileOperations(ListAuthFilesUseCase list, ReadAuthFileUseCase read) {
        this.list = list;
        this.read = read;
    }

    /** The regular files of the auth directory, sorted by name. */
    public AuthFileListing list() {
        return list.list();
    }

    /** Opens one file for streaming; the caller closes it. Throws {@code NotFoundException} when it is absent. */
    public FileContent open(AuthFileName name) {
        return read.open(name);
    }
}
