package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import java.util.List;
import java.util.OptionalInt;

/** {@code GET /error-logs}: the proxy's error logs, newest first, with what each one's content tells. */
public interface ListErrorLogsUseCase {

    List<ErrorLogEntry> list(Query query);

    /** Which part of the newest-first listing: skip {@code offset} files, then at most {@code limit} (all if empty). */
    record Query(int offset, OptionalInt limit) {

        public Query {
            if (offset < 0) {
                throw new InvalidInputException("Invalid query parameter", "offset must be a non-negative integer");
            }
            if (limit.isPresent() && limit.getAsInt() < 1) {
                throw new InvalidInputException("Invalid query parameter", "limit must be a positive integer");
            }
        }

        /** Every file. */
        public static Query all() {
            return new Query(0, OptionalInt.empty());
        }
    }
}
