package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code bin/<backend>/.version} files the {@code ccs} installer writes, in memory. Read as the real adapter
 * reads them: trimmed; absent when the file is, when it holds only blanks, or when it is longer than a version
 * can be (256 bytes).
 */
public final class InMemoryInstalledVersions implements InstalledVersionPort {

    /** The real adapter does not read a file larger than this. */
    private static final int MAX_BYTES = 256;

    private final Map<Backend, String> files = new ConcurrentHashMap<>();
    private final Map<Backend, String> pins = new ConcurrentHashMap<>();

    /** Writes {@code text} to the backend's {@code .version} file, as is. */
    public void write(Backend backend, String text) {
        files.put(backend, text);
    }

    public void delete(Backend backend) {
        files.remove(backend);
    }

    /** Writes {@code text} to the backend's {@code .version-pin} file. */
    public void pin(Backend backend, String text) {
        pins.put(backend, text);
    }

    @Override
    public Optional<String> pinnedVersion(Backend backend) {
        return Optional.ofNullable(pins.get(backend)).map(String::strip).filter(text -> !text.isEmpty());
    }

    @Override
    public Optional<String> recordedVersion(Backend backend) {
        String text = files.get(backend);
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.empty();
        }
        String version = text.strip();
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
