package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.testkit.Archives;
import dev.cliproxy.control.testkit.Archives.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkArchiveExtractorAdapterTest {

    @TempDir
    Path temp;
    private final JdkArchiveExtractorAdapter extractor = new JdkArchiveExtractorAdapter();

    private Path archive(String name, byte[] content) throws IOException {
        return Files.write(temp.resolve(name), content);
    }

    private Path into() {
        return temp.resolve("staging/unpacked");
    }

    @Test
    void theBinaryIsFoundInATarGzAndAZipAtAnyDepth() throws IOException {
        List<Entry> entries = List.of(Entry.file("LICENSE", "MIT"), Entry.file("dist/cli-proxy-api", "binary"));
        Path fromTar = extractor.extractBinary(archive("a.tar.gz", Archives.tarGz(entries)), into(), "cli-proxy-api");
        assertEquals("binary", Files.readString(fromTar));
        Path fromZip = extractor.extractBinary(archive("a.zip", Archives.zip(entries)), temp.resolve("zip"),
                "cli-proxy-api");
        assertEquals("binary", Files.readString(fromZip));
        assertTrue(fromZip.startsWith(temp.resolve("zip").toRealPath()));
    }

    @Test
    void entriesThatLeaveTheStagingFolderAreRefusedBeforeAnythingIsWrittenThere() throws IOException {
        for (String name : List.of("../escaped", "a/../../escaped", "/tmp/escaped-absolute", "..\\escaped",
                "C:/escaped")) {
            List<Entry> entries = List.of(Entry.file(name, "x"), Entry.file("cli-proxy-api", "binary"));
            for (Path archive : List.of(archive("e.tar.gz", Archives.tarGz(entries)),
                    archive("e.zip", Archives.zip(entries)))) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> extractor.extractBinary(archive, temp.resolve("x" + System.nanoTime()),
                                "cli-proxy-api"), name);
                assertEquals("Invalid archive", e.error());
            }
        }
        assertFalse(Files.exists(temp.resolve("escaped")));
        assertFalse(Files.exists(Path.of("/tmp/escaped-absolute")));
    }

    @Test
    void linksAreRefused() throws IOException {
        for (String target : List.of("/etc/passwd", "../../outside", "LICENSE")) {
            Path archive = archive("l.tar.gz", Archives.tarGz(List.of(Entry.symlink("cli-proxy-api", target))));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> extractor.extractBinary(archive, temp.resolve("l" + System.nanoTime()), "cli-proxy-api"));
            assertTrue(e.detail().orElseThrow().contains("is a link"), e.detail().orElseThrow());
        }
    }

    @Test
    void zipLinksAreRefusedBeforeAnythingIsWritten() throws IOException {
        for (String target : List.of("/etc/passwd", "../../outside", "LICENSE")) {
            for (List<Entry> entries : List.of(List.of(Entry.symlink("cli-proxy-api", target)),
                    List.of(Entry.file("cli-proxy-api", "binary"), Entry.symlink("docs/guide", target)))) {
                Path archive = archive("l.zip", Archives.zip(entries));
                Path into = temp.resolve("l" + System.nanoTime());
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> extractor.extractBinary(archive, into, "cli-proxy-api"));
                assertTrue(e.detail().orElseThrow().contains("is a link"), e.detail().orElseThrow());
                try (var written = Files.list(into)) {
                    assertEquals(0, written.count());
                }
            }
        }
    }

    @Test
    void aZipWithoutItsDirectoryIsDamaged() throws IOException {
        byte[] whole = Archives.zip(List.of(Entry.file("cli-proxy-api", "binary")));
        Path cut = archive("c.zip", java.util.Arrays.copyOf(whole, whole.length - 10));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> extractor.extractBinary(cut, temp.resolve("c"), "cli-proxy-api"));
        assertTrue(e.detail().orElseThrow().contains("is damaged"), e.detail().orElseThrow());
    }

    @Test
    void countAndSizeLimitsStopABomb() throws IOException {
        JdkArchiveExtractorAdapter small = new JdkArchiveExtractorAdapter(3, 1000);
        Path many = archive("m.tar.gz", Archives.tarGz(List.of(Entry.file("a", "1"), Entry.file("b", "2"),
                Entry.file("c", "3"), Entry.file("cli-proxy-api", "4"))));
        assertTrue(assertThrows(InvalidInputException.class, () -> small.extractBinary(many, temp.resolve("m"),
                "cli-proxy-api")).detail().orElseThrow().contains("more than 3 entries"));
        Path big = archive("b.zip", Archives.zip(List.of(Entry.file("cli-proxy-api", "x".repeat(5000)))));
        assertTrue(assertThrows(InvalidInputException.class, () -> small.extractBinary(big, temp.resolve("b"),
                "cli-proxy-api")).detail().orElseThrow().contains("more than 1000 bytes"));
    }

    @Test
    void anArchiveWithoutTheBinaryOrDamagedIsRefused() throws IOException {
        Path without = archive("w.tar.gz", Archives.tarGz(List.of(Entry.file("LICENSE", "MIT"))));
        assertThrows(InvalidInputException.class, () -> extractor.extractBinary(without, temp.resolve("w"),
                "cli-proxy-api"));
        byte[] whole = Archives.tarGz(List.of(Entry.file("cli-proxy-api", "x".repeat(10_000))));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThrows(InvalidInputException.class, () -> extractor.extractBinary(archive("c.tar.gz", cut),
                temp.resolve("c"), "cli-proxy-api"));
    }
}
