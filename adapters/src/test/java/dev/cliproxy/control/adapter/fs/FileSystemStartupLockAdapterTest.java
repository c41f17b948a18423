package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.StartupLockPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI-compatible {@code .startup.lock}: exclusive, stale after 10 s or with a dead owner, owner-released. */
@SuppressWarnings("try") // a held lock is used only by being held
class FileSystemStartupLockAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private CcsLayout layout;
    private FileSystemStartupLockAdapter lock;
    private Process other;

    @BeforeEach
    void setUp() {
        layout = new CcsLayout(temp);
        lock = new FileSystemStartupLockAdapter(layout, Clock.systemUTC(), new OsProxyProcessAdapter(layout), "host-a");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (other != null) {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    @Test
    void theLockFileNamesItsOwnerAndIsRemovedOnRelease() throws Exception {
        try (StartupLockPort.Held held = lock.acquire(Duration.ofSeconds(1)).orElseThrow()) {
            JsonNode content = JSON.readTree(layout.startupLockFile().toFile());
            assertEquals(ProcessHandle.current().pid(), content.get("pid").asLong());
            assertEquals("host-a", content.get("hostname").asText());
            assertTrue(Math.abs(System.currentTimeMillis() - content.get("timestamp").asLong()) < 60_000);
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.startupLockFile())));
        }
        assertFalse(Files.exists(layout.startupLockFile()));
    }

    @Test
    void aLiveHolderKeepsTheLockAndItsFileIsLeftAlone() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        String content = holder(other.pid(), System.currentTimeMillis(), "host-a");

        assertTrue(lock.acquire(Duration.ofMillis(200)).isEmpty());
        assertEquals(content, Files.readString(layout.startupLockFile()));
    }

    @Test
    void aDeadHoldersLockIsBroken() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        holder(gone.pid(), System.currentTimeMillis(), "host-a");

        Optional<StartupLockPort.Held> held = lock.acquire(Duration.ofSeconds(5));
        assertTrue(held.isPresent());
        held.get().close();
    }

    @Test
    void aLockOlderThanTenSecondsIsBrokenEvenIfItsOwnerLives() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis() - 11_000, "host-a");

        lock.acquire(Duration.ofSeconds(5)).orElseThrow().close();
    }

    @Test
    void aFreshLockFromAnotherHostIsNotJudgedByPid() throws Exception {
        holder(999_999_999L, System.currentTimeMillis(), "host-b");
        assertTrue(lock.acquire(Duration.ofMillis(200)).isEmpty());
    }

    @Test
    void releaseLeavesALockThatIsNoLongerOurs() throws Exception {
        StartupLockPort.Held held = lock.acquire(Duration.ofSeconds(1)).orElseThrow();
        other = new ProcessBuilder("sleep", "120").start();
        String theirs = holder(other.pid(), System.currentTimeMillis(), "host-a");
        held.close();
        assertEquals(theirs, Files.readString(layout.startupLockFile()));
    }

    @Test
    void theHolderThreadMayTakeItAgainAndOtherThreadsWait() throws Exception {
        try (StartupLockPort.Held outer = lock.acquire(Duration.ofSeconds(1)).orElseThrow()) {
            try (StartupLockPort.Held inner = lock.acquire(Duration.ofMillis(1)).orElseThrow()) {
                assertTrue(Files.exists(layout.startupLockFile()));
            }
            assertTrue(Files.exists(layout.startupLockFile()), "still held by the outer use");
            CompletableFuture<Boolean> otherThread = CompletableFuture.supplyAsync(() ->
                    lock.acquire(Duration.ofMillis(100)).map(h -> {
                        h.close();
                        return true;
                    }).orElse(false));
            assertFalse(otherThread.get(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(layout.startupLockFile()));
    }

    private String holder(long pid, long timestamp, String hostname) throws Exception {
        String content = "{\"pid\":" + pid + ",\"timestamp\":" + timestamp + ",\"hostname\":\"" + hostname + "\"}";
        Files.createDirectories(layout.startupLockFile().getParent());
        Files.writeString(layout.startupLockFile(), content);
        return content;
    }
}
