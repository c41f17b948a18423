package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our {@code sessionOwners} field in sessions.json, beside the CLI's fields. */
class SessionOwnersStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void ownersAreStoredReadBackAndForgottenWithTheirSession() throws Exception {
        CcsLayout layout = new CcsLayout(temp);
        FileSystemSessionStoreAdapter store = new FileSystemSessionStoreAdapter(layout, Clock.systemUTC());
        Path file = layout.sessionsFile(8317);
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"port":8317,"pid":4242,"sessions":["c1c1c1c1c1c1c1c1"],"startedAt":"2026-01-01T00:00:00.000Z",
                 "backend":"original","sessionTargets":{"c1c1c1c1c1c1c1c1":"claude"}}""");
        Instant start = Instant.parse("2026-01-01T00:00:05Z");

        store.update(8317, current -> current.map(r ->
                r.withSession("0123456789abcdef", Optional.of(new SessionOwner(77, Optional.of(start))))));

        SessionRecord record = store.read(8317).orElseThrow();
        assertEquals(List.of("c1c1c1c1c1c1c1c1", "0123456789abcdef"), record.sessions());
        assertEquals(new SessionOwner(77, Optional.of(start)), record.owners().get("0123456789abcdef"));
        JsonNode json = JSON.readTree(file.toFile());
        assertEquals("original", json.get("backend").asText(), "the CLI's fields are kept");
        assertEquals("claude", json.get("sessionTargets").get("c1c1c1c1c1c1c1c1").asText());
        assertEquals(77, json.get("sessionOwners").get("0123456789abcdef").get("pid").asLong());

        store.update(8317, current -> current.map(r -> r.withoutSessions(List.of("0123456789abcdef"))));

        JsonNode after = JSON.readTree(file.toFile());
        assertFalse(after.has("sessionOwners"));
        assertTrue(store.read(8317).orElseThrow().owners().isEmpty());
        assertEquals("original", after.get("backend").asText());
    }
}
