package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a crash at any instant leaves the old content or the new, whole: a temp file in the same
 * directory, written and forced to disk, then moved over the target atomically, then the directory forced.
 * Callers serialise concurrent writers of the same file themselves. The file is owner-only ({@link #OWNER_ONLY}) on
 * POSIX file systems because {@link Files#createTempFile} creates its file so, before a byte is written.
 */
public final class AtomicFileWriter {

    /** Owner read and write only: config and credential files hold secrets. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * How old a temp file of ours must be to count as abandoned: far longer than any write, or a start's wait for the
     * proxy with its record staged, takes.
     */
    static final Duration ABANDONED = Duration.ofHours(1);

    /** {@link Files#createTempFile}'s names for our prefix and suffix: a random unsigned number between them. */
    private static final Pattern ABANDONED_NAME = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** The directories whose abandoned temp files this JVM removed: once each, as only a crash leaves one. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private AtomicFileWriter() {
    }

    /** Writes {@code content} to {@code target} atomically with mode 0600 on POSIX file systems. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, ByteSink.FILE_CHANNEL);
    }

    /**
     * Replaces {@code target} with {@code content} as {@link #write(Path, byte[])} does for every reader (whole, mode
     * 0600), without forcing it to disk: for a file that describes this boot's processes (a session record), which a
     * crash of the machine makes void anyway, written while a caller waits (a start answers once it is written; the
     * two forces took 5 ms at the median and up to 20 here). After such a crash the file may be empty or old, which
     * its readers take as no record.
     */
    public static void writeVolatile(Path target, byte[] content) throws IOException {
        write(target, content, ByteSink.FILE_CHANNEL, false);
    }

    /**
     * Writes {@code content} to {@code target} as {@link #write(Path, byte[])} does, but only if {@code target} does
     * not exist: the whole file is published with a hard link, which fails rather than replace. Returns whether it
     * wrote.
     */
    public static boolean writeNew(Path target, byte[] content) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path temp = tempBeside(target);
        Path directory = temp.getParent();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteSink.FILE_CHANNEL.write(channel, content);
                channel.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // No hard links here: a move without replace is the closest this file system offers.
                Files.move(temp, target);
            }
            forceDirectory(directory);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** As {@link #write(Path, byte[])}, with the byte-writing step replaceable (tests inject failures there). */
    static void write(Path target, byte[] content, ByteSink sink) throws IOException {
        write(target, content, sink, true);
    }

    /**
     * {@code content} written to a temp file beside {@code target} as {@link #writeVolatile} writes it, to be put in
     * place later with {@link Staged#publish}: for a caller that knows the content before it may replace the file.
     */
    public static Staged stageVolatile(Path target, byte[] content) throws IOException {
        return stage(target, content, ByteSink.FILE_CHANNEL, false);
    }

    private static void write(Path target, byte[] content, ByteSink sink, boolean durable) throws IOException {
        try (Staged staged = stage(target, content, sink, durable)) {
            staged.publish();
            if (durable) {
                forceDirectory(staged.temp.getParent());
            }
        }
    }

    private static Staged stage(Path target, byte[] content, ByteSink sink, boolean durable) throws IOException {
        Staged staged = new Staged(tempBeside(target), target);
        try (FileChannel channel = FileChannel.open(staged.temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            sink.write(channel, content);
            if (durable) {
                channel.force(true);
            }
            return staged;
        } catch (IOException | RuntimeException e) {
            try {
                staged.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A new empty temp file for {@code target}'s next content, {@code .<name>.<digits>.tmp} in its directory. The first
     * in a directory for this JVM also removes that directory's temp files of ours that are older than
     * {@link #ABANDONED}: a process that died between creating one and its rename left it, and nothing will publish it.
     */
    private static Path tempBeside(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        if (SWEPT.add(directory)) {
            removeAbandoned(directory, Instant.now().minus(ABANDONED));
        }
        return Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
    }

    /** Removes {@code directory}'s temp files of ours last written before {@code before}; what it cannot, stays. */
    static void removeAbandoned(Path directory, Instant before) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory,
                entry -> ABANDONED_NAME.matcher(entry.getFileName().toString()).matches())) {
            for (Path temp : temps) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException e) {
                    // Gone meanwhile, or not ours to remove: it stays, as it would have without this look.
                }
            }
        } catch (IOException e) {
            // An unreadable directory: the write that follows reports what is wrong with it.
        }
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new FileErrors.PathFree("the file system cannot replace " + target.getFileName() + " atomically",
                    e);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is then left to the OS. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the move is still atomic, only its durability is left to the OS.
        }
    }

    /** A file's next content in a temp file beside it: published by one atomic rename, or deleted on close. */
    public static final class Staged implements AutoCloseable {

        private final Path temp;
        private final Path target;
        private boolean published;

        private Staged(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** Replaces the target with the staged content, whole. */
        public void publish() throws IOException {
            moveAtomically(temp, target);
            published = true;
        }

        /** Deletes the temp file unless it was published. */
        @Override
        public void close() throws IOException {
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes the bytes into the temp file's channel. */
    @FunctionalInterface
    interface ByteSink {
        ByteSink FILE_CHANNEL = (channel, content) -> {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        };

        void write(FileChannel channel, byte[] content) throws IOException;
    }
}
