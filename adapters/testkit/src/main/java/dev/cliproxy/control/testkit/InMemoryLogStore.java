package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.LogStorePort;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's {@code logs/} directory in memory. The metadata of a log is what its {@link ErrorLogFile} declares
 * (the generator knows the status and model it wrote); a log added as plain bytes has none. Faults:
 * {@link #putLinkOutside}, {@link #failNextRead}.
 */
public final class InMemoryLogStore implements LogStorePort {

    private final MemoryDirectory directory;
    private final Map<String, ErrorLogMetadata> metadata = new ConcurrentHashMap<>();

    public InMemoryLogStore(CcsLayout layout, Clock clock) {
        this.directory = new MemoryDirectory(layout.logsDirectory(), clock,
                name -> ErrorLogName.parse(name).isPresent());
    }

    /** Adds (or replaces) a log whose metadata its generator declares. */
    public void put(ErrorLogFile log) {
        directory.put(log.name(), log.content().getBytes(StandardCharsets.UTF_8));
        metadata.put(log.name(), log.metadata());
    }

    /** Adds (or replaces) any file, under any plain name: only {@code error-*.log} names are listed. */
    public void put(String name, byte[] content) {
        directory.put(name, content);
        metadata.remove(name);
    }

    /** A link that leads out of the directory: never listed, never read. */
    public void putLinkOutside(String name) {
        directory.putLinkOutside(name);
    }

    public boolean delete(String name) {
        metadata.remove(name);
        return directory.delete(name);
    }

    /** The next open fails as a disk error would. */
    public void failNextRead() {
        directory.failNextRead();
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        return directory.list();
    }

    @Override
    public ErrorLogMetadata metadata(StoredFile file) {
        return metadata.getOrDefault(file.name(), ErrorLogMetadata.NONE);
    }

    @Override
    public Optional<FileContent> open(ErrorLogName name) {
        return directory.open(name.value(), "Failed to read error log");
    }
}
