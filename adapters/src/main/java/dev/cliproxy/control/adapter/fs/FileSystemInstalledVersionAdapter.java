package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/<backend>/.version}, the plain-text version the {@code ccs} installer writes beside the binary, and
 * {@code .version-pin}, the version a user pinned it to.
 */
public final class FileSystemInstalledVersionAdapter implements InstalledVersionPort {

    /** A version is a few bytes; anything longer is not one and is not read. */
    private static final long MAX_BYTES = 256;

    private final CcsLayout layout;

    public FileSystemInstalledVersionAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public Optional<String> recordedVersion(Backend backend) {
        return read(layout.binaryDirectory(backend).resolve(".version"));
    }

    @Override
    public Optional<String> pinnedVersion(Backend backend) {
        return read(layout.binaryDirectory(backend).resolve(".version-pin"));
    }

    private static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
