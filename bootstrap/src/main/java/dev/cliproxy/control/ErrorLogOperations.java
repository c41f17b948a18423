package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import java.util.List;
import java.util.OptionalInt;

/** The proxy's error logs, read from disk whether or not the proxy runs: {@code control.errorLogs()}. */
public final class ErrorLogOperations {

    private final ListErrorLogsUseCase list;
    private final ReadErrorLogUseCase read;

    ErrorLogOperations(ListErrorLogsUseCase list, ReadErrorLogUseCase read) {
        this.list = list;
        this.read = read;
    }

    /** Every error log, newest first, with the status and model each one's content tells. */
    public List<ErrorLogEntry> list() {
        return list.list(ListErrorLogsUseCase.Query.all());
    }

    /** At most {@code limit} logs of the newest-first listing, after skipping {@code offset}. */
    public List<ErrorLogEntry> list(int offset, int limit) {
        return list.list(new ListErrorLogsUseCase.Query(offset, OptionalInt.of(limit)));
    }

    /** Opens one log for streaming; the caller closes it. Throws {@code NotFoundException} when it is absent. */
    public FileContent open(ErrorLogName name) {
        return read.open(name);
    }
}
