package dev.cliproxy.control.domain.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.SessionRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A store that prepares nothing ahead stores a prepared record at its commit, as the update it stands for. */
class SessionStorePortTest {

    private final Map<Integer, SessionRecord> records = new HashMap<>();
    private final SessionStorePort store = new SessionStorePort() {
        @Override
        public Optional<SessionRecord> read(int port) {
            return Optional.ofNullable(records.get(port));
        }

        @Override
        public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
            Optional<SessionRecord> next = change.apply(read(port));
            next.ifPresentOrElse(r -> records.put(port, r), () -> records.remove(port));
            return next;
        }
    };

    @Test
    void theDefaultPreparationStoresTheRecordAtTheCommitOnly() {
        SessionRecord record = record(9000, 7);
        try (SessionStorePort.PreparedRecord prepared = store.prepare(9000, record)) {
            assertEquals(record, prepared.record());
            assertEquals(Map.of(), records, "nothing before the commit");
            prepared.commit();
        }
        assertEquals(Map.of(9000, record), records);

        try (SessionStorePort.PreparedRecord dropped = store.prepare(9000, record(9000, 8))) {
            assertEquals(record(9000, 8), dropped.record());
        }
        assertEquals(Map.of(9000, record), records, "closed without a commit: unchanged");
    }

    private static SessionRecord record(int port, long pid) {
        return new SessionRecord(port, pid, List.of(), Instant.EPOCH, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }
}
