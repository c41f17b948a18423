package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.nio.file.Path;

/** Unpacks release archives ({@code .tar.gz}, {@code .zip}) without letting them write anywhere else. */
public interface ArchiveExtractorPort {

    /**
     * Unpacks {@code archive} into the empty directory {@code into} and returns the path of the file named
     * {@code binaryName} in it (at any depth). An entry that would leave {@code into} (absolute, {@code ..}), a link,
     * too many entries, too many bytes, or no such file is an {@link InvalidInputException} saying which; what was
     * unpacked until then stays in {@code into} for the caller to remove.
     */
    Path extractBinary(Path archive, Path into, String binaryName);
}
