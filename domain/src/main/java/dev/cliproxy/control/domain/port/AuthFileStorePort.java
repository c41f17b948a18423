package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The OAuth token files in {@code <ccs-dir>/cliproxy/auth}. */
public interface AuthFileStorePort {

    /** The auth directory, absolute. */
    Path directory();

    /**
     * The regular files inside the directory (no directories, no links that lead out of it), in no particular
     * order; empty when the directory does not exist.
     */
    List<StoredFile> list();

    /** Opens the file for streaming; empty when it is absent, not a regular file, or a link out of the directory. */
    Optional<FileContent> open(AuthFileName name);
}
