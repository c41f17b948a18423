package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.domain.model.AuthFileListing;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the auth directory, sorted by name so that the order does not depend on the file system. The entries of
 * an unchanged directory (same names, sizes and times) answer the previous listing itself.
 */
public final class ListAuthFilesService implements ListAuthFilesUseCase {

    private final AuthFileStorePort authFiles;
    private final LastResult<Entries, AuthFileListing> last = new LastResult<>(entries -> new AuthFileListing(
            entries.directory(), entries.files().stream().sorted(Comparator.comparing(StoredFile::name)).toList()));

    /** What a listing is made from. */
    private record Entries(Path directory, List<StoredFile> files) {
        Entries {
            files = List.copyOf(files); // kept to compare with: a store may hand out a list it changes later
        }
    }

    public ListAuthFilesService(AuthFileStorePort authFiles) {
        this.authFiles = authFiles;
    }

    @Override
    public AuthFileListing list() {
        return last.get(new Entries(authFiles.directory(), authFiles.list()));
    }
}
