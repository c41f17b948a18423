package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One directory of files in memory, with what a real one can also hold: links that lead out of it (never listed,
 * never read) and sub-directories (never listed). A read can be made to fail once, as a disk error would.
 */
final class MemoryDirectory {

    private record Entry(byte[] content, Instant modified, Kind kind) {
    }

    private enum Kind { FILE, LINK_OUT, DIRECTORY }

    private final ReentrantLock lock = new ReentrantLock();
    private final Path path;
    private final Clock clock;
    private final Predicate<String> listed;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean failNextRead;

    MemoryDirectory(Path path, Clock clock, Predicate<String> listed) {
        this.path = path.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listed = listed;
    }

    Path path() {
        return path;
    }

    void put(String name, byte[] content) {
        put(name, new Entry(content.clone(), clock.instant(), Kind.FILE));
    }

    void putLinkOutside(String name) {
        put(name, new Entry(new byte[0], clock.instant(), Kind.LINK_OUT));
    }

    void putDirectory(String name) {
        put(name, new Entry(new byte[0], clock.instant(), Kind.DIRECTORY));
    }

    boolean delete(String name) {
        lock.lock();
        try {
            return entries.remove(name) != null;
        } finally {
            lock.unlock();
        }
    }

    boolean holds(String name) {
        lock.lock();
        try {
            return entries.containsKey(name);
        } finally {
            lock.unlock();
        }
    }

    boolean holdsDirectory(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(name)).filter(e -> e.kind() == Kind.DIRECTORY).isPresent();
        } finally {
            lock.unlock();
        }
    }

    void failNextRead() {
        lock.lock();
        try {
            failNextRead = true;
        } finally {
            lock.unlock();
        }
    }

    List<StoredFile> list() {
        lock.lock();
        try {
            List<StoredFile> files = new ArrayList<>();
            entries.forEach((name, entry) -> {
                if (entry.kind() == Kind.FILE && listed.test(name)) {
                    files.add(new StoredFile(name, entry.content().length, entry.modified()));
                }
            });
            return files;
        } finally {
            lock.unlock();
        }
    }

    Optional<byte[]> bytes(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(name)).filter(e -> e.kind() == Kind.FILE).map(e -> e.content().clone());
        } finally {
            lock.unlock();
        }
    }

    Optional<FileContent> open(String name, String failure) {
        lock.lock();
        try {
            if (failNextRead) {
                failNextRead = false;
                throw new StorageException(failure, "Input/output error", ErrorCode.STORAGE_ERROR, null);
            }
            return bytes(name).map(b -> new FileContent(b.length, new ByteArrayInputStream(b)));
        } finally {
            lock.unlock();
        }
    }

    private void put(String name, Entry entry) {
        lock.lock();
        try {
            entries.put(Objects.requireNonNull(name, "name"), entry);
        } finally {
            lock.unlock();
        }
    }
}
