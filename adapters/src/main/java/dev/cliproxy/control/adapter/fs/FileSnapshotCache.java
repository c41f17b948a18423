package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What was read from a small file, reused while the file is unchanged: one {@code stat} instead of a read and a
 * parse on every request. A file counts as unchanged when its identity (inode), size and modification time are;
 * an atomic replace changes the inode, an in-place write the time. Because file times are coarse (a few ms), a
 * write in the same tick as the read could keep time and size: so a file modified less than {@link #SETTLED} ago is
 * never cached (any later write then has a later time), as git does for its index. File times are wall-clock
 * times, so this compares them with the system clock, never an injected one.
 *
 * @param <T> what the reader makes of the file (shared between threads: immutable, or never modified)
 */
final class FileSnapshotCache<T> {

    static final Duration SETTLED = Duration.ofSeconds(2);

    /** Reads a file that exists; {@link NoSuchFileException} when it vanished meanwhile. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private record Snapshot<T>(Object fileKey, long size, FileTime modified, T value) {
        boolean matches(BasicFileAttributes attributes) {
            return size == attributes.size() && modified.equals(attributes.lastModifiedTime())
                    && Objects.equals(fileKey, attributes.fileKey());
        }
    }

    private final ConcurrentMap<Path, Snapshot<T>> snapshots = new ConcurrentHashMap<>();

    /** The reader's value for the file as it is now, or {@code absent} when there is no regular file. */
    T read(Path file, Reader<T> reader, T absent) throws IOException {
        // Null rather than an exception for an absent file: a status poll with no proxy running asks for an absent
        // session record every time, and an exception costs more than the stat.
        BasicFileAttributes attributes = file.getFileSystem().provider()
                .readAttributesIfExists(file, BasicFileAttributes.class);
        if (attributes == null || !attributes.isRegularFile()) {
            snapshots.remove(file);
            return absent;
        }
        Snapshot<T> cached = snapshots.get(file);
        if (cached != null && cached.matches(attributes)) {
            return cached.value();
        }
        T value;
        try {
            value = reader.read(file);
        } catch (NoSuchFileException e) {
            snapshots.remove(file);
            return absent;
        }
        if (attributes.lastModifiedTime().toInstant().plus(SETTLED).isBefore(Instant.now())) {
            snapshots.put(file, new Snapshot<>(attributes.fileKey(), attributes.size(),
                    attributes.lastModifiedTime(), value));
        } else {
            snapshots.remove(file);
        }
        return value;
    }
}
