package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.ControlException;
import java.nio.file.Path;

/** Downloads release files over HTTP, streaming them to disk. */
public interface AssetDownloadPort {

    /**
     * Writes what {@code url} serves into {@code target} (created or replaced), telling {@code progress} as bytes
     * arrive, and returns the SHA-256 (lower-case hex) of what it wrote. A download that fails, is cut short of its
     * announced length, is slower than the allowed time or is longer than {@code maxBytes} stops at once and is a
     * {@link ControlException} whose message says which; the partial file is then removed.
     */
    String download(String url, Path target, long maxBytes, Progress progress);

    /** A small text file (a checksums list), in UTF-8; the same failures, with {@code maxBytes} as the limit. */
    String text(String url, long maxBytes);

    /** Told the bytes received so far and the announced total ({@code -1} when not announced). */
    @FunctionalInterface
    interface Progress {
        void received(long bytes, long total);
    }
}
