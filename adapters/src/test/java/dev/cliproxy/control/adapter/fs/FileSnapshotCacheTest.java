package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotCacheTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minusSeconds(60));

    @TempDir
    Path temp;
    private final FileSnapshotCache<String> cache = new FileSnapshotCache<>();
    private final AtomicInteger reads = new AtomicInteger();

    private String read(Path file) throws IOException {
        return cache.read(file, f -> {
            reads.incrementAndGet();
            return Files.readString(f);
        }, "<absent>");
    }

    @Test
    void aSettledUnchangedFileIsReadOnce() throws IOException {
        Path file = settled("alpha");

        assertEquals("alpha", read(file));
        assertEquals("alpha", read(file));
        assertEquals(1, reads.get());
    }

    @Test
    void anInPlaceWriteOfTheSameSizeIsSeen() throws IOException {
        Path file = settled("alpha");
        read(file);

        Files.writeString(file, "omega");

        assertEquals("omega", read(file));
    }

    @Test
    void anAtomicReplaceIsSeenEvenWithTheSameSizeAndTime() throws IOException {
        Path file = settled("alpha");
        read(file);

        Path next = Files.writeString(temp.resolve("next.tmp"), "omega");
        Files.setLastModifiedTime(next, LONG_AGO);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("omega", read(file));
    }

    @Test
    void aFileModifiedJustNowIsReadEveryTime() throws IOException {
        Path file = Files.writeString(temp.resolve("config.yaml"), "alpha");

        read(file);
        read(file);

        assertEquals(2, reads.get());
    }

    @Test
    void aMissingFileOrADirectoryIsAbsent() throws IOException {
        Path file = settled("alpha");
        read(file);
        Files.delete(file);

        assertEquals("<absent>", read(file));
        assertEquals("<absent>", read(Files.createDirectory(temp.resolve("dir"))));
    }

    private Path settled(String content) throws IOException {
        Path file = Files.writeString(temp.resolve("config.yaml"), content);
        Files.setLastModifiedTime(file, LONG_AGO);
        return file;
    }
}
