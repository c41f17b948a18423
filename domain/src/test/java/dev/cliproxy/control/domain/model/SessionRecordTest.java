package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session record keeps owners only for the sessions it lists. */
class SessionRecordTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final ProcessInfo PROXY = new ProcessInfo(7, Optional.of(START), Optional.of("/bin/p"), List.of());
    private static final SessionOwner OWNER = new SessionOwner(99, Optional.of(START));

    @Test
    void aStartedRecordIdentifiesTheProcessByPidStartAndCommand() {
        SessionRecord record = SessionRecord.started(9000, PROXY, START, List.of("s1"));
        assertEquals(new SessionRecord(9000, 7, List.of("s1"), START, Optional.empty(), Optional.of(START),
                Optional.of("/bin/p"), Map.of()), record);
    }

    @Test
    void addingASessionKeepsItsOwnerWhenGiven() {
        SessionRecord record = SessionRecord.started(9000, PROXY, START, List.of("s1"))
                .withSession("s2", Optional.of(OWNER))
                .withSession("s3", Optional.empty());
        assertEquals(List.of("s1", "s2", "s3"), record.sessions());
        assertEquals(Map.of("s2", OWNER), record.owners());
        assertEquals(9000, record.port());
        assertEquals(7, record.pid());
    }

    @Test
    void removingSessionsForgetsTheirOwners() {
        SessionRecord record = SessionRecord.started(9000, PROXY, START, List.of("s1"))
                .withSession("s2", Optional.of(OWNER))
                .withoutSessions(List.of("s2"));
        assertEquals(List.of("s1"), record.sessions());
        assertEquals(Map.of(), record.owners());
        assertEquals(Optional.of("/bin/p"), record.command());
    }
}
