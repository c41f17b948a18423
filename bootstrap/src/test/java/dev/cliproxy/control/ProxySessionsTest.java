package dev.cliproxy.control;

import static dev.cliproxy.control.StandInFixture.alive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions of embedders: the proxy runs while any is open, and dead owners stop counting. */
class ProxySessionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private CliProxyControl control;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp).config();
        control = fixture.control();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.cleanUp();
    }

    @Test
    void theLastSessionToCloseStopsAProxyThatSessionsStarted() throws Exception {
        SessionOperations.Handle first = control.sessions().open();
        long pid = fixture.recordedPid().orElseThrow();
        SessionOperations.Handle second = control.sessions().open();
        assertEquals(fixture.port, first.port());
        assertEquals(2, running().sessionCount());

        first.close();
        assertEquals(1, running().sessionCount());
        assertTrue(alive(pid));

        second.close();
        assertFalse(alive(pid), "stopped when the last session closed");
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        second.close();
    }

    @Test
    void aProxyStartedWithoutASessionOutlivesTheSessions() throws Exception {
        long pid = fixture.remember(((StartOutcome.Started) control.proxy().start()).pid());
        try (SessionOperations.Handle session = control.sessions().open()) {
            assertEquals(fixture.port, session.port());
            assertEquals(2, running().sessionCount());
        }
        assertTrue(alive(pid));
        assertEquals(1, running().sessionCount());
    }

    @Test
    void sessionsAreWrittenWithTheirOwnerAndCcsFieldsAreKept() throws Exception {
        try (SessionOperations.Handle session = control.sessions().open()) {
            Path file = fixture.layout.sessionsFile(fixture.port);
            ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
            assertEquals(session.id(), record.get("sessions").get(0).asText());
            assertEquals(ProcessHandle.current().pid(),
                    record.get("sessionOwners").get(session.id()).get("pid").asLong());
            // The CLI adds its own session and fields of its own.
            record.withArray("sessions").add("c11c11c11c11c11c");
            record.put("target", "claude");
            Files.writeString(file, JSON.writeValueAsString(record));
        }
        ObjectNode after = (ObjectNode) JSON.readTree(fixture.layout.sessionsFile(fixture.port).toFile());
        assertEquals("claude", after.get("target").asText());
        assertEquals(1, after.get("sessions").size(), "the CLI's session remains and keeps the proxy running");
        assertEquals(1, running().sessionCount());
    }

    @Test
    void sessionsWhoseOwnerDiedAreNotCounted() throws Exception {
        control.sessions().open();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = fixture.layout.sessionsFile(fixture.port);
        ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
        record.withArray("sessions").add("dead00dead00dead");
        record.withObject("sessionOwners").putObject("dead00dead00dead").put("pid", gone.pid());
        Files.writeString(file, JSON.writeValueAsString(record));

        assertEquals(1, running().sessionCount());
        StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());
        assertEquals(1, stopped.sessionCount());
    }

    @Test
    void openingFailsClearlyWhenTheProxyCannotStart() throws Exception {
        CliProxyControl broken = fixture.track(fixture.builder().proxyBinary(temp.resolve("missing")).build());
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> broken.sessions().open());
        assertTrue(e.detail().orElseThrow().contains("not found"), e.getMessage());
    }

    private ProxyStatus.Running running() {
        return assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
    }
}
