package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.Objects;

/** One error log in a listing: the file, where it is, and what its content tells. */
public record ErrorLogEntry(StoredFile file, Path absolutePath, ErrorLogMetadata metadata) {

    public ErrorLogEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(absolutePath, "absolutePath");
        Objects.requireNonNull(metadata, "metadata");
    }
}
