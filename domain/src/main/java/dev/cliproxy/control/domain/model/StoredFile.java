package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A regular file in one of the CCS directories, as a directory listing sees it. */
public record StoredFile(String name, long size, Instant modified) {

    public StoredFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
