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
 * for, so a page of a large directory costs the page, not the directory.
 */
public final class ListErrorLogsService implements ListErrorLogsUseCase {

    /** Newest first; names embed their timestamp, so equal times fall back to the name, also descending. */
    static final Comparator<StoredFile> NEWEST_FIRST = Comparator.comparing(StoredFile::modified)
            .thenComparing(StoredFile::name).reversed();

    private final LogStorePort logs;

    public ListErrorLogsService(LogStorePort logs) {
        this.logs = logs;
    }

    @Override
    public List<ErrorLogEntry> list(Query query) {
        Path directory = logs.directory();
        return logs.list().stream()
                .sorted(NEWEST_FIRST)
                .skip(query.offset())
                .limit(query.limit().orElse(Integer.MAX_VALUE))
                .map(file -> new ErrorLogEntry(file, directory.resolve(file.name()), logs.metadata(file)))
                .toList();
    }
}
