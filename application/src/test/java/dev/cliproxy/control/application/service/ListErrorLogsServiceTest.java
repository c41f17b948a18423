package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.LogStorePort;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ListErrorLogsServiceTest {

    private static final Instant T = Instant.parse("2026-08-22T15:30:00Z");

    @Test
    void sortsNewestFirstThenByNameDescendingAndResolvesEachPath() {
        FakeLogStore store = new FakeLogStore(List.of(file("error-a.log", 1), file("error-c.log", 5),
                file("error-b.log", 5), file("error-d.log", 3)));
        List<ErrorLogEntry> entries = new ListErrorLogsService(store).list(ListErrorLogsUseCase.Query.all());
        assertEquals(List.of("error-c.log", "error-b.log", "error-d.log", "error-a.log"),
                entries.stream().map(e -> e.file().name()).toList());
        assertEquals(Path.of("/ccs/cliproxy/logs/error-c.log"), entries.getFirst().absolutePath());
    }

    @Test
    void readsMetadataOnlyForThePageAskedFor() {
        List<StoredFile> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            files.add(file("error-" + i + ".log", i));
        }
        FakeLogStore store = new FakeLogStore(files);
        List<ErrorLogEntry> page = new ListErrorLogsService(store)
                .list(new ListErrorLogsUseCase.Query(10, OptionalInt.of(5)));
        assertEquals(List.of("error-89.log", "error-88.log", "error-87.log", "error-86.log", "error-85.log"),
                page.stream().map(e -> e.file().name()).toList());
        assertEquals(page.stream().map(e -> e.file().name()).toList(), store.metadataAskedFor);
    }

    @Test
    void anUnchangedPageIsThePreviousAnswerItselfAndAnyChangeANewOne() {
        List<StoredFile> files = new ArrayList<>(List.of(file("error-a.log", 1), file("error-b.log", 2)));
        FakeLogStore store = new FakeLogStore(files);
        ListErrorLogsService service = new ListErrorLogsService(store);
        ListErrorLogsUseCase.Query all = ListErrorLogsUseCase.Query.all();

        List<ErrorLogEntry> first = service.list(all);
        assertSame(first, service.list(all));
        assertEquals(List.of("error-b.log", "error-a.log", "error-b.log", "error-a.log"), store.metadataAskedFor,
                "metadata is asked for every time: only the store knows whether a content changed");

        store.model = Optional.of("gpt-5");
        List<ErrorLogEntry> rewritten = service.list(all);
        assertNotSame(first, rewritten, "same names, sizes and times, another content");
        assertEquals(Optional.of("gpt-5"), rewritten.getFirst().metadata().model());

        ListErrorLogsUseCase.Query one = new ListErrorLogsUseCase.Query(0, OptionalInt.of(1));
        assertEquals(List.of("error-b.log"), service.list(one).stream().map(e -> e.file().name()).toList(),
                "another query is another page");

        files.set(0, new StoredFile("error-a.log", 11, T.plusSeconds(1)));
        List<ErrorLogEntry> grown = service.list(all);
        assertEquals(11, grown.getLast().file().size(), "a file that grew is listed with its new size");
        files.set(0, new StoredFile("error-a.log", 11, T.plusSeconds(9)));
        assertEquals("error-a.log", service.list(all).getFirst().file().name(), "a newer time moves it first");
        files.add(file("error-c.log", 3));
        assertEquals(3, service.list(all).size());
    }

    @Test
    void refusesNegativeOffsetsAndNonPositiveLimits() {
        assertThrows(InvalidInputException.class, () -> new ListErrorLogsUseCase.Query(-1, OptionalInt.empty()));
        assertThrows(InvalidInputException.class, () -> new ListErrorLogsUseCase.Query(0, OptionalInt.of(0)));
        assertEquals(1, new ListErrorLogsUseCase.Query(0, OptionalInt.of(1)).limit().getAsInt(), "the smallest page");
    }

    private static StoredFile file(String name, int seconds) {
        return new StoredFile(name, 10, T.plusSeconds(seconds));
    }

    /** An in-memory log store that records which files had their metadata read. */
    private static final class FakeLogStore implements LogStorePort {

        private final List<StoredFile> files;
        private final List<String> metadataAskedFor = new ArrayList<>();
        /** The model every file's content names, if any. */
        private Optional<String> model = Optional.empty();

        FakeLogStore(List<StoredFile> files) {
            this.files = files;
        }

        @Override
        public Path directory() {
            return Path.of("/ccs/cliproxy/logs");
        }

        @Override
        public List<StoredFile> list() {
            return files;
        }

        @Override
        public ErrorLogMetadata metadata(StoredFile file) {
            metadataAskedFor.add(file.name());
            return model.map(m -> new ErrorLogMetadata(OptionalInt.empty(), Optional.of(m))).orElse(ErrorLogMetadata.NONE);
        }

        @Override
        public Optional<FileContent> open(ErrorLogName name) {
            return Optional.empty();
        }
    }
}
