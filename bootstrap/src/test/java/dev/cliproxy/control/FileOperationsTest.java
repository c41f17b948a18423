package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade groups over a real temp CCS directory, without HTTP. */
class FileOperationsTest {

    @TempDir
    Path ccs;

    @Test
    void configReadAndConditionalUpdate() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy"));
        Files.writeString(ccs.resolve("cliproxy/config.yaml"), "port: 8317\n");
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).maxConfigBytes(100).build()) {
            ConfigDocument read = control.config().read();
            assertEquals("port: 8317\n", new String(read.content(), StandardCharsets.UTF_8));
            assertEquals(EntityTag.of("port: 8317\n".getBytes(StandardCharsets.UTF_8)), read.etag());

            control.config().update("port: 8317\ndebug: true\n", read.etag());
            assertThrows(PreconditionFailedException.class, () -> control.config().update("a: 1\n", read.etag()));
            assertThrows(InvalidInputException.class, () -> control.config().update("[1, 2]"));
            assertThrows(PayloadTooLargeException.class, () -> control.config().update("a: " + "é".repeat(50)));
            assertEquals("port: 8317\ndebug: true\n", Files.readString(ccs.resolve("cliproxy/config.yaml")));
        }
    }

    @Test
    void errorLogsAndAuthFilesOpenForStreaming() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy/logs"));
        Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.writeString(ccs.resolve("cliproxy/logs/error-a.log"), "log");
        Files.writeString(ccs.resolve("cliproxy/logs/error-b.log"), "log");
        Files.writeString(ccs.resolve("cliproxy/auth/a.json"), "{}");
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).build()) {
            assertEquals(2, control.errorLogs().list().size());
            assertEquals(1, control.errorLogs().list(1, 5).size());
            try (FileContent log = control.errorLogs().open(new ErrorLogName("error-a.log"))) {
                assertEquals("log", new String(log.stream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThrows(NotFoundException.class, () -> control.errorLogs().open(new ErrorLogName("error-c.log")));
            assertEquals(ccs.resolve("cliproxy/auth"), control.authFiles().list().directory());
            try (FileContent auth = control.authFiles().open(new AuthFileName("a.json"))) {
                assertEquals(2, auth.size());
            }
        }
    }
}
