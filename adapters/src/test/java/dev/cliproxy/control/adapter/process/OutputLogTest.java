package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLogTest {

    @TempDir
    Path temp;

    @Test
    void anOversizedLogIsRotatedBeforeALaunch() throws Exception {
        Path file = Files.writeString(temp.resolve("proxy-output-8317.log"), "x".repeat(200));
        OutputLog log = new OutputLog(file, 100);

        assertEquals(0, log.prepare());
        assertEquals(200, Files.size(temp.resolve("proxy-output-8317.log.1")));
        assertTrue(Files.notExists(file));
    }

    @Test
    void aSmallLogIsAppendedTo() throws Exception {
        Path file = Files.writeString(temp.resolve("proxy-output-8317.log"), "earlier run\n");
        assertEquals(12, new OutputLog(file, 100).prepare());
    }

    @Test
    void capNowKeepsTheOldContentOnceAndEmptiesTheFile() throws Exception {
        Path file = Files.writeString(temp.resolve("out.log"), "y".repeat(300));
        OutputLog log = new OutputLog(file, 100);

        log.capNow();

        assertEquals(0, Files.size(file));
        assertEquals(300, Files.size(temp.resolve("out.log.1")));
        Files.writeString(file, "small");
        log.capNow();
        assertEquals(5, Files.size(file), "under the cap nothing moves");
    }

    @Test
    void theMovedAsideCopyIsReadWholeWhileItIsReplaced() throws Exception {
        Path file = temp.resolve("out.log");
        Path rotated = temp.resolve("out.log.1");
        OutputLog log = new OutputLog(file, 100);
        int size = 4 * 1024 * 1024;
        Files.writeString(file, "a".repeat(size));
        log.capNow();
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicBoolean replacing = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (replacing.get() && seen.get() == null) {
                    byte[] bytes = Files.readAllBytes(rotated);
                    if (bytes.length != size || bytes[0] != bytes[size - 1]) {
                        seen.set(bytes.length + " bytes, from '" + (char) bytes[0] + "'");
                    }
                }
            } catch (IOException e) {
                seen.set(e.toString());
            }
        });
        try {
            for (char fill = 'b'; fill <= 'k' && seen.get() == null; fill++) {
                Files.writeString(file, String.valueOf(fill).repeat(size));
                log.capNow();
            }
        } finally {
            replacing.set(false);
            reader.join();
        }

        assertNull(seen.get(), "a reader saw a copy being made");
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of("out.log", "out.log.1"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing else is left beside the log");
        }
    }

    @Test
    void tailReturnsTheLastLinesAfterTheOffset() throws Exception {
        Path file = Files.writeString(temp.resolve("out.log"), "old\nnew 1\nnew 2\nnew 3\n");
        OutputLog log = new OutputLog(file, 1000);

        assertEquals("new 2\nnew 3", log.tail(4, 2));
        assertEquals("new 1\nnew 2\nnew 3", log.tail(4, 10));
        assertEquals("", new OutputLog(temp.resolve("absent.log"), 1000).tail(0, 5));
    }
}
