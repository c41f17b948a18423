package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryLogStore;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only use cases: what exists is handed over as it is, what does not is a 404. */
class ReadServicesTest {

    private final CcsLayout layout = new CcsLayout(Path.of("/nonexistent/ccs"));
    private final TestClock clock = new TestClock();

    @Test
    void theConfigOfTheControlPortIsReadElseItIsNotFound() {
        InMemoryConfigFile files = new InMemoryConfigFile(layout);
        InMemoryProxySettings settings = new InMemoryProxySettings().port(9000);
        GetProxyConfigService service = new GetProxyConfigService(settings, files);
        files.put(8317, "port: 8317\n");

        assertEquals("Config file not found", assertThrows(NotFoundException.class, service::read).error());

        files.put(9000, "port: 9000\n");
        assertArrayEquals("port: 9000\n".getBytes(StandardCharsets.UTF_8), service.read().content());
    }

    @Test
    void theBackupOfTheControlPortsConfigIsReadElseItIsNotFound() {
        InMemoryConfigFile files = new InMemoryConfigFile(layout);
        InMemoryProxySettings settings = new InMemoryProxySettings().port(9000);
        GetProxyConfigService service = new GetProxyConfigService(settings, files);
        files.put(9000, "port: 9000\n");

        NotFoundException none = assertThrows(NotFoundException.class, service::readBackup);
        assertEquals("Config backup not found", none.error());
        assertEquals(ErrorCode.CONFIG_BACKUP_NOT_FOUND.id(), none.code().orElseThrow());

        files.replace(8317, "port: 8317\n", new WritePrecondition.Unconditional());
        files.replace(8317, "port: 8317\ndebug: true\n", new WritePrecondition.Unconditional());
        assertThrows(NotFoundException.class, service::readBackup, "another port's backup is not this one's");

        files.replace(9000, "port: 9000\ndebug: true\n", new WritePrecondition.Unconditional());
        assertArrayEquals("port: 9000\n".getBytes(StandardCharsets.UTF_8), service.readBackup().content());
    }

    @Test
    void anErrorLogIsOpenedElseItIsNotFound() throws IOException {
        InMemoryLogStore logs = new InMemoryLogStore(layout, clock);
        logs.put("error-a.log", "boom".getBytes(StandardCharsets.UTF_8));
        ReadErrorLogService service = new ReadErrorLogService(logs);

        try (FileContent content = service.open(ErrorLogName.parse("error-a.log").orElseThrow())) {
            assertEquals("boom", new String(content.stream().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("Error log not found", assertThrows(NotFoundException.class,
                () -> service.open(ErrorLogName.parse("error-b.log").orElseThrow())).error());
    }

    @Test
    void anAuthFileIsOpenedElseItIsNotFound() throws IOException {
        InMemoryAuthFiles files = new InMemoryAuthFiles(layout, clock);
        files.put("a.json", "{}".getBytes(StandardCharsets.UTF_8));
        ReadAuthFileService service = new ReadAuthFileService(files);

        try (FileContent content = service.open(AuthFileName.parse("a.json").orElseThrow())) {
            assertEquals("{}", new String(content.stream().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("Auth file not found", assertThrows(NotFoundException.class,
                () -> service.open(AuthFileName.parse("b.json").orElseThrow())).error());
    }

    @Test
    void authFilesAreListedByNameInTheirDirectory() {
        InMemoryAuthFiles files = new InMemoryAuthFiles(layout, clock);
        files.put("b.json", new byte[2]);
        files.put("a.json", new byte[1]);
        files.put("c.json", new byte[3]);

        var listing = new ListAuthFilesService(files).list();

        assertEquals(layout.authDirectory(), listing.directory());
        assertEquals(List.of("a.json", "b.json", "c.json"), listing.files().stream().map(StoredFile::name).toList());
    }

    @Test
    void anUnchangedAuthDirectoryAnswersThePreviousListingItselfAndAnyChangeANewOne() {
        InMemoryAuthFiles files = new InMemoryAuthFiles(layout, clock);
        files.put("b.json", new byte[2]);
        files.put("a.json", new byte[1]);
        ListAuthFilesService service = new ListAuthFilesService(files);

        var first = service.list();
        assertSame(first, service.list(), "same names, sizes and times: not sorted again");

        files.put("a.json", new byte[5]);
        var resized = service.list();
        assertNotSame(first, resized);
        assertEquals(List.of(5L, 2L), resized.files().stream().map(StoredFile::size).toList());

        clock.advance(Duration.ofSeconds(1));
        files.put("a.json", new byte[5]);
        var touched = service.list();
        assertNotSame(resized, touched, "the same size at a later time is a change");
        assertEquals(clock.instant(), touched.files().getFirst().modified());

        files.put("c.json", new byte[3]);
        assertEquals(List.of("a.json", "b.json", "c.json"),
                service.list().files().stream().map(StoredFile::name).toList());
    }

    @Test
    void defaultTimingsKeepTheProbeAndTheDocumentedWaits() {
        ProxyTimings defaults = ProxyTimings.defaults(Duration.ofMillis(300));
        assertEquals(new ProxyTimings(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofMillis(2), Duration.ofSeconds(15)), defaults);
    }
}
