package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.testkit.arbitrary.SampleErrorLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemLogStoreAdapterTest {

    @TempDir
    Path ccs;
    @TempDir
    Path outside;
    private Path logs;
    private FileSystemLogStoreAdapter adapter;

    @BeforeEach
    void setUp() throws IOException {
        logs = Files.createDirectories(ccs.resolve("cliproxy/logs"));
        adapter = new FileSystemLogStoreAdapter(new CcsLayout(ccs));
    }

    @Test
    void aSecondListingOfAnUnchangedDirectoryReadsNoFileContent() throws IOException {
        for (int i = 0; i < 20; i++) {
            Files.writeString(logs.resolve("error-" + i + ".log"), ErrorLogStructureTest.V7);
        }
        List<ErrorLogMetadata> first = listWithMetadata();
        assertEquals(20, adapter.contentReads());
        assertTrue(first.stream().allMatch(m -> m.statusCode().equals(OptionalInt.of(429))));

        assertEquals(first, listWithMetadata());
        assertEquals(20, adapter.contentReads(), "no file read on a cache hit");

        Files.writeString(logs.resolve("error-3.log"), ErrorLogStructureTest.V6);
        List<ErrorLogMetadata> third = listWithMetadata();
        assertEquals(21, adapter.contentReads(), "only the changed file is read again");
        assertEquals(1, third.stream().filter(m -> m.statusCode().equals(OptionalInt.of(503))).count());
    }

    @Test
    void aRewriteOfTheSameSizeAndTimeIsReadAgainAtTheNextListing() throws IOException {
        Path log = logs.resolve("error-same.log");
        String first = SampleErrorLogs.v7("gpt-5", 429);
        Files.writeString(log, first);
        assertEquals(OptionalInt.of(429), listWithMetadata().getFirst().statusCode());

        FileTime time = Files.getLastModifiedTime(log);
        String second = SampleErrorLogs.v7("gpt-5", 503);
        assertEquals(first.length(), second.length(), "the same size");
        Files.writeString(log, second);
        Files.setLastModifiedTime(log, time);

        assertEquals(OptionalInt.of(503), listWithMetadata().getFirst().statusCode(),
                "name, size and time alike, another content: its event names it");
    }

    @Test
    void listsOnlyRegularErrorLogsAndLinksThatStayInside() throws IOException {
        Files.writeString(logs.resolve("error-a.log"), "a");
        Files.writeString(logs.resolve("main.log"), "main");
        Files.createDirectory(logs.resolve("error-dir.log"));
        Files.createSymbolicLink(logs.resolve("error-in.log"), logs.resolve("error-a.log"));
        Files.createSymbolicLink(logs.resolve("error-out.log"), Files.writeString(outside.resolve("error-s.log"), "s"));
        Files.createSymbolicLink(logs.resolve("error-loop.log"), logs.resolve("error-loop.log"));
        assertEquals(List.of("error-a.log", "error-in.log"),
                adapter.list().stream().map(StoredFile::name).sorted().toList());
    }

    @Test
    void aLinkedLogsDirectoryIsFollowedButItsFilesStayConfinedToIt() throws IOException {
        Path real = Files.createDirectories(outside.resolve("real-logs"));
        Files.writeString(real.resolve("error-r.log"), ErrorLogStructureTest.V7);
        Files.delete(logs);
        Files.createSymbolicLink(logs, real);
        assertEquals(List.of("error-r.log"), adapter.list().stream().map(StoredFile::name).toList());
        try (FileContent content = adapter.open(new ErrorLogName("error-r.log")).orElseThrow()) {
            assertEquals(ErrorLogStructureTest.V7, new String(content.stream().readAllBytes()));
        }
    }

    @Test
    void aFileDeletedAfterListingHasNoMetadataAndCannotBeOpened() throws IOException {
        Files.writeString(logs.resolve("error-gone.log"), ErrorLogStructureTest.V7);
        StoredFile listed = adapter.list().getFirst();
        Files.delete(logs.resolve("error-gone.log"));
        assertEquals(ErrorLogMetadata.NONE, adapter.metadata(listed));
        assertEquals(Optional.empty(), adapter.open(new ErrorLogName("error-gone.log")));
    }

    @Test
    void theLogsDirectoryMayBeAbsentOrAFile() throws IOException {
        Files.delete(logs);
        assertEquals(List.of(), adapter.list());
        Files.writeString(logs, "not a directory");
        assertEquals(List.of(), adapter.list());
        assertEquals(Optional.empty(), adapter.open(new ErrorLogName("error-a.log")));
    }

    private List<ErrorLogMetadata> listWithMetadata() {
        return adapter.list().stream().sorted(Comparator.comparing(StoredFile::name)).map(adapter::metadata).toList();
    }
}
