package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.Objects;

/** A config write that happened: the file written and the entity tag of its new content. */
public record ConfigUpdate(Path path, EntityTag etag) {

    public ConfigUpdate {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(etag, "etag");
    }
}
