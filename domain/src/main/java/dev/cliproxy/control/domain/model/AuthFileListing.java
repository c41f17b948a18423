package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The regular files of the auth directory, sorted by name, and the directory itself. */
public record AuthFileListing(Path directory, List<StoredFile> files) {

    public AuthFileListing {
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
    }
}
