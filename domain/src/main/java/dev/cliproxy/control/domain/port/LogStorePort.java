package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The proxy's error logs ({@code error-*.log} in {@code <ccs-dir>/cliproxy/logs}), read straight from disk. */
public interface LogStorePort {

    /** The logs directory, absolute. */
    Path directory();

    /**
     * The error logs that are regular files inside the directory (links that lead out of it are left out), in no
     * particular order; empty when the directory does not exist. Reads no file content.
     */
    List<StoredFile> list();

    /**
     * What the file's structure tells. Reads at most a bounded head and tail of the file, and nothing when the
     * same name, size and modification time were read before. Never fails: a file that cannot be read or
     * understood has {@link ErrorLogMetadata#NONE}.
     */
    ErrorLogMetadata metadata(StoredFile file);

    /** Opens the log for streaming; empty when it is absent, not a regular file, or a link out of the directory. */
    Optional<FileContent> open(ErrorLogName name);
}
