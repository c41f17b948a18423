package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.testkit.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's temp files: what a crash between creating one and its rename leaves, and who removes it. */
class AtomicFileWriterTest {

    private static final Instant ABANDONED_AT = Instant.now().minus(AtomicFileWriter.ABANDONED).minusSeconds(600);

    @TempDir
    Path directory;

    @Test
    void theFirstWriteInADirectoryRemovesTheTempFilesOfOursThatACrashLeftThere() throws Exception {
        Path abandonedRecord = file(".sessions.json.4242.tmp", ABANDONED_AT);
        Path abandonedConfig = file(".config.yaml.18446744073709551615.tmp", ABANDONED_AT);
        file(".sessions.json.77.tmp", Instant.now()); // another process's write, under way
        file("notes.tmp", ABANDONED_AT); // not a name of ours: no leading dot
        file(".cache.tmp", ABANDONED_AT); // not a name of ours: no number
        file(".config.yaml.12.tmp.bak", ABANDONED_AT);
        Files.setLastModifiedTime(Files.createDirectory(directory.resolve(".auth.json.9.tmp")),
                FileTime.from(ABANDONED_AT));

        AtomicFileWriter.write(directory.resolve("sessions.json"), "{}".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(".auth.json.9.tmp", ".cache.tmp", ".config.yaml.12.tmp.bak", ".sessions.json.77.tmp",
                "notes.tmp", "sessions.json"), names(), abandonedRecord + " and " + abandonedConfig + " are gone");
        assertEquals("{}", Files.readString(directory.resolve("sessions.json")));
    }

    @Test
    void aDirectoryIsLookedAtOncePerProcessAsOnlyACrashLeavesSuchAFile() throws Exception {
        AtomicFileWriter.write(directory.resolve("a.json"), new byte[] {1});
        file(".a.json.5.tmp", ABANDONED_AT);

        AtomicFileWriter.write(directory.resolve("a.json"), new byte[] {2});
        AtomicFileWriter.writeNew(directory.resolve("b.json"), new byte[] {3});

        assertEquals(List.of(".a.json.5.tmp", "a.json", "b.json"), names());
    }

    @Test
    void writeNewAndAStagedWriteLookToo() throws Exception {
        Path other = Files.createDirectory(directory.resolve("other"));
        file(directory, ".sessions.json.1.tmp", ABANDONED_AT);
        file(other, ".auth.json.2.tmp", ABANDONED_AT);

        assertTrue(AtomicFileWriter.writeNew(directory.resolve("new.json"), new byte[] {1}));
        try (AtomicFileWriter.Staged staged = AtomicFileWriter.stageVolatile(other.resolve("auth.json"),
                new byte[] {2})) {
            staged.publish();
        }

        assertEquals(List.of("new.json", "other"), names());
        try (var files = Files.list(other)) {
            assertEquals(List.of("auth.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Whatever the target's name, the temp file a crash leaves behind for it is known as ours. */
    @Property(tries = 60)
    void theTempFileOfAnyTargetIsKnownAsOurs(@ForAll("fileNames") String name) throws Exception {
        Path dir = Files.createTempDirectory("atomic-writer");
        try {
            Path target = dir.resolve(name);
            Files.write(target, new byte[] {1});
            AtomicFileWriter.Staged left = AtomicFileWriter.stageVolatile(target, new byte[] {2}); // never closed

            AtomicFileWriter.removeAbandoned(dir, Instant.now().plusSeconds(1));

            try (var files = Files.list(dir)) {
                assertEquals(List.of(name), files.map(p -> p.getFileName().toString()).toList(), "left: " + left);
            }
        } finally {
            FileTrees.delete(dir);
        }
    }

    @Provide
    Arbitrary<String> fileNames() {
        return Arbitraries.strings().withChars("abcXYZ019._- ").ofMinLength(1).ofMaxLength(30)
                .filter(name -> !name.equals(".") && !name.equals(".."));
    }

    private Path file(String name, Instant modified) throws Exception {
        return file(directory, name, modified);
    }

    private static Path file(Path dir, String name, Instant modified) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "partial");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private List<String> names() throws Exception {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
