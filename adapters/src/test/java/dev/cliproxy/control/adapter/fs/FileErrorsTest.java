package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class FileErrorsTest {

    @Test
    void theJdksFileExceptionsGiveTheirReasonButNeverTheirPaths() {
        assertEquals("Is a directory", FileErrors.reason(new FileSystemException("/home/u/.ccs/a", "/home/u/b",
                "Is a directory")));
        assertEquals("AccessDeniedException", FileErrors.reason(new AccessDeniedException("/home/u/.ccs/a")));
        assertEquals("IOException", FileErrors.reason(new IOException("cannot read /home/u/.ccs/a")));
    }

    @Test
    void ourOwnWordsPassAsTheyAre() {
        assertEquals("the CCS directory lock is held by another process for over 10 s",
                FileErrors.reason(new FileErrors.PathFree("the CCS directory lock is held by another process for over"
                        + " 10 s", null)));
    }
}
