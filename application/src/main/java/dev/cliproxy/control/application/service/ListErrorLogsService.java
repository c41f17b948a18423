package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.LogStorePort;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Sorts the logs newest first from their directory entries alone, then reads metadata only for the page asked
 * for, so a page of a large directory costs the page, not the directory. The same query of an unchanged directory
 * (same names, sizes and times) is not sorted again, and a page equal to the previous answer is that answer itself
 * (so that its JSON can be reused); metadata is asked for every time, the store knows when a file's content changed.
 */
public final class ListErrorLogsService implements ListErrorLogsUseCase {

    /** Newest first; names embed their timestamp, so equal times fall back to the name, also descending. */
    static final Comparator<StoredFile> NEWEST_FIRST = Comparator.comparing(StoredFile::modified)
            .thenComparing(StoredFile::name).reversed();

    private final LogStorePort logs;
    private final LastResult<Entries, List<StoredFile>> pages = new LastResult<>(ListErrorLogsService::page);
    private volatile List<ErrorLogEntry> lastAnswer = List.of();

    /** What a page is made from. */
    private record Entries(List<StoredFile> files, Query query) {
        Entries {
            files = List.copyOf(files); // kept to compare with: a store may hand out a list it changes later
        }
    }

    public ListErrorLogsService(LogStorePort logs) {
        this.logs = logs;
    }

    @Override
    public List<ErrorLogEntry> list(Query query) {
        Path directory = logs.directory();
        List<ErrorLogEntry> answer = pages.get(new Entries(logs.list(), query)).stream()
                .map(file -> new ErrorLogEntry(file, directory.resolve(file.name()), logs.metadata(file)))
                .toList();
        List<ErrorLogEntry> last = lastAnswer;
        if (last.equals(answer)) {
            return last;
        }
        lastAnswer = answer;
        return answer;
    }

    private static List<StoredFile> page(Entries entries) {
        return entries.files().stream()
                .sorted(NEWEST_FIRST)
                .skip(entries.query().offset())
                .limit(entries.query().limit().orElse(Integer.MAX_VALUE))
                .toList();
    }
}
