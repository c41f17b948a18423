package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSessionStoreAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path ccs;
    private CcsLayout layout;
    private FileSystemSessionStoreAdapter store;

    @BeforeEach
    void setUp() {
        layout = new CcsLayout(ccs);
        store = new FileSystemSessionStoreAdapter(layout, Clock.systemUTC());
    }

    @Test
    void readsWhatTheCliWrites() throws Exception {
        write(8317, """
                {
                  "port": 8317,
                  "pid": 4242,
                  "sessions": ["a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"],
                  "startedAt": "2026-01-05T14:30:00.000Z",
                  "version": "6.9.6",
                  "backend": "original",
                  "target": "claude"
                }""");

        SessionRecord record = store.read(8317).orElseThrow();

        assertEquals(4242, record.pid());
        assertEquals(List.of("a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"), record.sessions());
        assertEquals(Instant.parse("2026-01-05T14:30:00Z"), record.startedAt());
        assertEquals(Optional.of("6.9.6"), record.version());
        assertTrue(record.processStart().isEmpty());
    }

    @Test
    void aFileTheCliWouldRejectIsNoRecord() throws Exception {
        for (String content : List.of("{not json", "[]", "{\"port\":\"x\",\"pid\":1,\"sessions\":[]}",
                "{\"port\":8317,\"pid\":1,\"sessions\":\"a\"}", "{\"port\":8317,\"sessions\":[]}")) {
            write(8317, content);
            assertEquals(Optional.empty(), store.read(8317), content);
        }
    }

    @Test
    void anUpdateKeepsTheFieldsItDoesNotModelWhileTheSameProcessIsRecorded() throws Exception {
        write(8317, "{\"port\":8317,\"pid\":4242,\"sessions\":[\"a\"],\"startedAt\":\"2026-01-05T14:30:00Z\","
                + "\"backend\":\"plus\",\"sessionTargets\":{\"a\":\"gemini\"}}");

        store.update(8317, current -> current.map(r -> withSessions(r, List.of("a", "b"))));

        JsonNode written = JSON.readTree(layout.sessionsFile(8317).toFile());
        assertEquals("plus", written.get("backend").asText());
        assertEquals("gemini", written.get("sessionTargets").get("a").asText());
        assertEquals(2, written.get("sessions").size());
        assertEquals("2026-01-05T14:30:00Z", written.get("startedAt").asText());
    }

    @Test
    void aRecordOfANewProcessStartsFromAFreshDocument() throws Exception {
        write(8317, "{\"port\":8317,\"pid\":1,\"sessions\":[],\"startedAt\":\"2026-01-05T14:30:00Z\",\"target\":\"x\"}");
        SessionRecord fresh = new SessionRecord(8317, 2, List.of(), Instant.parse("2026-02-01T00:00:00Z"),
                Optional.empty(), Optional.of(Instant.parse("2026-02-01T00:00:00Z")), Optional.of("/bin/cli-proxy-api"),
                Map.of());

        store.update(8317, current -> Optional.of(fresh));

        JsonNode written = JSON.readTree(layout.sessionsFile(8317).toFile());
        assertFalse(written.has("target"));
        assertEquals(fresh, store.read(8317).orElseThrow());
    }

    @Test
    void anEmptyResultDeletesTheFileAndOtherPortsHaveTheirOwn() throws Exception {
        write(8317, "{\"port\":8317,\"pid\":1,\"sessions\":[],\"startedAt\":\"2026-01-05T14:30:00Z\"}");
        store.update(9000, current -> Optional.of(new SessionRecord(9000, 5, List.of("s"), Instant.EPOCH,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));
        assertTrue(Files.exists(ccs.resolve("cliproxy/sessions-9000.json")));

        store.update(8317, current -> Optional.empty());

        assertFalse(Files.exists(layout.sessionsFile(8317)));
        assertEquals(5, store.read(9000).orElseThrow().pid());
    }

    @Test
    void theFileIsOwnerOnlyAndNoTempFileIsLeft() throws Exception {
        store.update(8317, current -> Optional.of(new SessionRecord(8317, 5, List.of("s"), Instant.EPOCH,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));

        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(layout.sessionsFile(8317));
        assertEquals(AtomicFileWriter.OWNER_ONLY, permissions);
        try (var files = Files.list(layout.cliproxyDirectory())) {
            assertEquals(List.of("sessions.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(ccs.resolve("cliproxy.lock")), "the lock is released");
    }

    @Test
    void aPreparedRecordIsStoredWholeAtItsCommitAndOverARecordOfAnotherProcess() throws Exception {
        write(8317, "{\"port\":8317,\"pid\":1,\"sessions\":[],\"startedAt\":\"2026-01-05T14:30:00Z\",\"target\":\"x\"}");
        SessionRecord before = store.read(8317).orElseThrow();
        SessionRecord next = new SessionRecord(8317, 2, List.of("s"), Instant.parse("2026-02-01T00:00:00Z"),
                Optional.empty(), Optional.of(Instant.parse("2026-02-01T00:00:00Z")), Optional.of("/bin/cli-proxy-api"),
                Map.of());

        try (SessionStorePort.PreparedRecord prepared = store.prepare(8317, next)) {
            assertEquals(next, prepared.record());
            assertEquals(before, store.read(8317).orElseThrow(), "nothing is stored before the commit");
            prepared.commit();
        }

        assertEquals(next, store.read(8317).orElseThrow());
        assertFalse(JSON.readTree(layout.sessionsFile(8317).toFile()).has("target"), "a fresh document");
        assertEquals(AtomicFileWriter.OWNER_ONLY, Files.getPosixFilePermissions(layout.sessionsFile(8317)));
        assertEquals(List.of("sessions.json"), filesIn(layout.cliproxyDirectory()));
        assertFalse(Files.exists(ccs.resolve("cliproxy.lock")), "the lock is released");
    }

    @Test
    void aPreparedRecordClosedWithoutACommitChangesNothingAndLeavesNoFile() throws Exception {
        SessionRecord kept = new SessionRecord(8317, 5, List.of("s"), Instant.EPOCH, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
        store.update(8317, current -> Optional.of(kept));

        try (SessionStorePort.PreparedRecord prepared = store.prepare(8317, new SessionRecord(8317, 6, List.of(),
                Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))) {
            assertEquals(2, filesIn(layout.cliproxyDirectory()).size(), "the record and its prepared successor");
        }

        assertEquals(kept, store.read(8317).orElseThrow());
        assertEquals(List.of("sessions.json"), filesIn(layout.cliproxyDirectory()));
    }

    @Test
    void aRecordStagedByAStartThatCrashedIsRemovedByTheNextProcesssFirstStart() throws Exception {
        Files.createDirectories(layout.cliproxyDirectory());
        Path left = Files.writeString(layout.cliproxyDirectory().resolve(".sessions.json.4242.tmp"), "{\"port\":");
        Files.setLastModifiedTime(left,
                FileTime.from(Instant.now().minus(AtomicFileWriter.ABANDONED).minusSeconds(60)));

        try (SessionStorePort.PreparedRecord prepared = store.prepare(8317, new SessionRecord(8317, 6, List.of(),
                Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))) {
            prepared.commit();
        }

        assertEquals(List.of("sessions.json"), filesIn(layout.cliproxyDirectory()));
    }

    @Test
    void aCommitOverARecordOfTheSameProcessKeepsTheFieldsFoundThere() throws Exception {
        SessionRecord prepared = new SessionRecord(8317, 4242, List.of("b"), Instant.parse("2026-02-01T00:00:00Z"),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        try (SessionStorePort.PreparedRecord record = store.prepare(8317, prepared)) {
            // Meanwhile the ccs tools recorded the same process, with fields this store does not model.
            write(8317, "{\"port\":8317,\"pid\":4242,\"sessions\":[\"a\"],\"startedAt\":\"2026-01-05T14:30:00Z\","
                    + "\"backend\":\"plus\",\"sessionTargets\":{\"a\":\"gemini\"}}");
            record.commit();
        }

        JsonNode written = JSON.readTree(layout.sessionsFile(8317).toFile());
        assertEquals("plus", written.get("backend").asText());
        assertEquals("gemini", written.get("sessionTargets").get("a").asText());
        assertEquals(prepared, store.read(8317).orElseThrow());
        assertEquals(List.of("sessions.json"), filesIn(layout.cliproxyDirectory()));
    }

    @Test
    void concurrentUpdatesLoseNoSession() throws Exception {
        store.update(8317, current -> Optional.of(new SessionRecord(8317, 5, List.of(), Instant.EPOCH,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "session-" + i;
                done.add(pool.submit(() -> store.update(8317, current -> current.map(r -> {
                    List<String> ids = new ArrayList<>(r.sessions());
                    ids.add(id);
                    return withSessions(r, ids);
                }))));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40, store.read(8317).orElseThrow().sessions().size());
    }

    @Test
    void aStaleLockLeftByACrashedProcessIsTakenOver() throws Exception {
        Path lock = Files.createDirectories(ccs.resolve("cliproxy.lock"));
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(CcsDirectoryLock.STALE_AFTER).minusSeconds(5)));

        store.update(8317, current -> Optional.of(new SessionRecord(8317, 5, List.of(), Instant.EPOCH,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));

        assertTrue(store.read(8317).isPresent());
        assertFalse(Files.exists(lock));
    }

    private static SessionRecord withSessions(SessionRecord r, List<String> sessions) {
        return new SessionRecord(r.port(), r.pid(), sessions, r.startedAt(), r.version(), r.processStart(), r.command(),
                r.owners());
    }

    private static List<String> filesIn(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void write(int port, String content) throws Exception {
        Files.createDirectories(layout.cliproxyDirectory());
        Files.writeString(layout.sessionsFile(port), content, StandardCharsets.UTF_8);
    }
}
