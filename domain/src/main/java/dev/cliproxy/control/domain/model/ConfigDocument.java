package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** The proxy's config file as read: where it is, its exact bytes and their entity tag. */
public record ConfigDocument(Path path, byte[] content, EntityTag etag) {

    public ConfigDocument {
        Objects.requireNonNull(path, "path");
        content = content.clone();
        Objects.requireNonNull(etag, "etag");
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigDocument that && path.equals(that.path) && Arrays.equals(content, that.content)
                && etag.equals(that.etag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(content), etag);
    }

    @Override
    public String toString() {
        return "ConfigDocument[path=" + path + ", " + content.length + " bytes, etag=" + etag.value() + "]";
    }
}
