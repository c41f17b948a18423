package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.LogStorePort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Error logs read straight from {@code <ccs-dir>/cliproxy/logs}, whether or not the proxy runs. Metadata is cached
 * by name, size and modification time, so listing an unchanged directory again reads no file content at all.
 */
public final class FileSystemLogStoreAdapter implements LogStorePort {

    private final ConfinedDirectory directory;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final LongAdder contentReads = new LongAdder();

    public FileSystemLogStoreAdapter(CcsLayout layout) {
        this.directory = new ConfinedDirectory(layout.logsDirectory());
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        List<StoredFile> files;
        try {
            files = directory.list(name -> ErrorLogName.parse(name).isPresent());
        } catch (IOException e) {
            throw new StorageException("Failed to list error logs", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
        // The proxy keeps only its newest logs: forget the ones it deleted so the cache stays as small as the dir.
        Set<String> present = new HashSet<>(files.size() * 2);
        files.forEach(file -> present.add(file.name()));
        cache.keySet().retainAll(present);
        return files;
    }

    @Override
    public ErrorLogMetadata metadata(StoredFile file) {
        Cached cached = cache.get(file.name());
        if (cached != null && cached.size() == file.size() && cached.modified().equals(file.modified())) {
            return cached.metadata();
        }
        try {
            Optional<ConfinedDirectory.RegularFile> found = directory.find(file.name());
            if (found.isEmpty()) {
                return ErrorLogMetadata.NONE;
            }
            contentReads.increment();
            ErrorLogMetadata metadata = ErrorLogStructure.read(found.get().realPath());
            cache.put(file.name(), new Cached(file.size(), file.modified(), metadata));
            return metadata;
        } catch (IOException | RuntimeException unreadable) {
            // Not cached: the next listing tries again.
            return ErrorLogMetadata.NONE;
        }
    }

    @Override
    public Optional<FileContent> open(ErrorLogName name) {
        try {
            return directory.open(name.value());
        } catch (IOException e) {
            throw new StorageException("Failed to read error log", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /** How many files have had their content read for metadata since this adapter was made (cache misses). */
    public long contentReads() {
        return contentReads.sum();
    }

    private record Cached(long size, Instant modified, ErrorLogMetadata metadata) {
    }
}
