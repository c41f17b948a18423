package dev.cliproxy.control.domain.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An opened file, to be streamed rather than loaded whole; the caller closes it. {@code size} is the size when it
 * was opened (a log may still grow).
 */
public record FileContent(long size, InputStream stream) implements AutoCloseable {

    public FileContent {
        Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
