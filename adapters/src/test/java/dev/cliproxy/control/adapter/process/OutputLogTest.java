package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void tailReturnsTheLastLinesAfterTheOffset() throws Exception {
        Path file = Files.writeString(temp.resolve("out.log"), "old\nnew 1\nnew 2\nnew 3\n");
        OutputLog log = new OutputLog(file, 1000);

        assertEquals("new 2\nnew 3", log.tail(4, 2));
        assertEquals("new 1\nnew 2\nnew 3", log.tail(4, 10));
        assertEquals("", new OutputLog(temp.resolve("absent.log"), 1000).tail(0, 5));
    }
}
