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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Error logs read straight from {@code <ccs-dir>/cliproxy/logs}, whether or not the proxy runs. The listing is kept
 * from the directory's change events ({@link DirectoryIndex}). Metadata is cached by name, size and modification
 * time, and forgotten when an event names the file (a rewrite of the same size within the same clock tick is
 * another content), so listing an unchanged directory again reads no file content at all. Close the adapter to stop
 * following the directory.
 */
public final class FileSystemLogStoreAdapter implements LogStorePort, AutoCloseable {

    private final ConfinedDirectory directory;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final DirectoryIndex index;
    /** Counts the files events named: a read that overlapped one is not cached, it may be of the old content. */
    private final AtomicLong touches = new AtomicLong();
    private final LongAdder contentReads = new LongAdder();

    public FileSystemLogStoreAdapter(CcsLayout layout) {
        this.directory = new ConfinedDirectory(layout.logsDirectory());
        // The proxy keeps only its newest logs: a deleted one is forgotten, so the cache stays as small as the dir.
        this.index = new DirectoryIndex(directory, name -> ErrorLogName.parse(name).isPresent(),
                DirectoryWatch.shared(), this::forget);
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        try {
            return index.list();
        } catch (IOException e) {
            throw new StorageException("Failed to list error logs", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public ErrorLogMetadata metadata(StoredFile file) {
        Cached cached = cache.get(file.name());
        if (cached != null && cached.size() == file.size() && cached.modified().equals(file.modified())) {
            return cached.metadata();
        }
        try {
            long touchesBefore = touches.get();
            Optional<ConfinedDirectory.RegularFile> found = directory.find(file.name());
            if (found.isEmpty()) {
                return ErrorLogMetadata.NONE;
            }
            contentReads.increment();
            ErrorLogMetadata metadata = ErrorLogStructure.read(found.get().realPath());
            if (touches.get() == touchesBefore) {
                cache.put(file.name(), new Cached(file.size(), file.modified(), metadata));
            }
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

    private void forget(String name) {
        touches.incrementAndGet();
        cache.remove(name);
    }

    @Override
    public void close() {
        index.close();
    }

    /** How many files have had their content read for metadata since this adapter was made (cache misses). */
    public long contentReads() {
        return contentReads.sum();
    }

    private record Cached(long size, Instant modified, ErrorLogMetadata metadata) {
    }
}
