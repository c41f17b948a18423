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

/**
 * The token files of {@code <ccs-dir>/cliproxy/auth}; their content is only ever streamed, never logged. The
 * listing is kept from the directory's change events ({@link DirectoryIndex}); close the adapter to stop following
 * them.
 */
public final class FileSystemAuthFileStoreAdapter implements AuthFileStorePort, AutoCloseable {

    private final ConfinedDirectory directory;
    private final DirectoryIndex index;

    public FileSystemAuthFileStoreAdapter(CcsLayout layout) {
        this.directory = new ConfinedDirectory(layout.authDirectory());
        // Only names a download would accept, so that every listed file can be fetched.
        this.index = new DirectoryIndex(directory, name -> AuthFileName.parse(name).isPresent(),
                DirectoryWatch.shared(), name -> { });
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        try {
            return index.list();
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

    @Override
    public void close() {
        index.close();
    }
}
