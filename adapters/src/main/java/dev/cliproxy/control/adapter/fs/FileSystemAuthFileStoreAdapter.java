package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The token files of {@code <ccs-dir>/cliproxy/auth}; their content is only ever streamed, never logged. */
public final class FileSystemAuthFileStoreAdapter implements AuthFileStorePort {

    private final ConfinedDirectory directory;

    public FileSystemAuthFileStoreAdapter(CcsLayout layout) {
        this.directory = new ConfinedDirectory(layout.authDirectory());
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        try {
            // Only names a download would accept, so that every listed file can be fetched.
            return directory.list(name -> AuthFileName.parse(name).isPresent());
        } catch (IOException e) {
            throw new StorageException("Failed to list auth files", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public Optional<FileContent> open(AuthFileName name) {
        try {
            return directory.open(name.value());
        } catch (IOException e) {
            throw new StorageException("Failed to read auth file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }
}
