package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.port.StartupLockPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.ForwardingProxyProcesses;
import java.io.IOException;
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
    void theLockNamesThisMachineAsTheCliDoes() throws Exception {
        // Node's os.hostname() is the kernel's host name.
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        assumeTrue(Files.isReadable(kernel), "a Linux kernel");
        FileSystemStartupLockAdapter here = new FileSystemStartupLockAdapter(layout, Clock.systemUTC(),
                new OsProxyProcessAdapter(layout));
        try (StartupLockPort.Held held = here.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertEquals(Files.readString(kernel).strip(),
                    JSON.readTree(layout.startupLockFile().toFile()).get("hostname").asText());
        }
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

    @Test
    void aTakerWaitsForTheHolderToReleaseWithinItsWait() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis(), "host-a");
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        // A held lock is released by the thread that took it.
        Thread taker = Thread.ofPlatform().start(() -> taken.complete(lock.acquire(Duration.ofSeconds(60)).map(h -> {
            boolean ours = ownerPid() == ProcessHandle.current().pid();
            h.close();
            return ours;
        }).orElse(false)));
        try {
            // Sleeping between two tries: it found the file held and waits on.
            Await.until(() -> taker.getState() == Thread.State.TIMED_WAITING || taken.isDone(), "a retry pause");
            Files.delete(layout.startupLockFile()); // the holder releases
            assertTrue(taken.get(60, TimeUnit.SECONDS), "taken once released, within the wait");
        } finally {
            taker.interrupt();
            taker.join();
        }
    }

    @Test
    void aTakerThatGaveUpLeavesTheLockFreeForTheNextTake() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis(), "host-a");
        assertTrue(lock.acquire(Duration.ofMillis(50)).isEmpty());
        Files.delete(layout.startupLockFile());

        // Taken for real (the file written), not as a nested use of a lock the thread still held.
        try (StartupLockPort.Held held = lock.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertTrue(Files.exists(layout.startupLockFile()));
        }
        assertFalse(Files.exists(layout.startupLockFile()));
    }

    @Test
    void aReleasedLockIsFreeForAnotherThread() throws Exception {
        lock.acquire(Duration.ofSeconds(5)).orElseThrow().close();

        CompletableFuture<Boolean> otherThread = CompletableFuture.supplyAsync(() ->
                lock.acquire(Duration.ofSeconds(5)).map(h -> {
                    boolean written = Files.exists(layout.startupLockFile());
                    h.close();
                    return written;
                }).orElse(false));
        assertTrue(otherThread.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aStaleLockIsBrokenEvenByATakerThatDoesNotWait() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis() - 11_000, "host-a");
        lock.acquire(Duration.ZERO).orElseThrow().close();

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        holder(gone.pid(), System.currentTimeMillis(), "host-a");
        lock.acquire(Duration.ZERO).orElseThrow().close();
        assertFalse(Files.exists(layout.startupLockFile()));
    }

    @Test
    void anInterruptedTakerGivesUpKeepsItsInterruptAndLeavesTheLockFree() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertTrue(lock.acquire(Duration.ofSeconds(5)).isEmpty());
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }

        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis(), "host-a");
        CompletableFuture<Boolean> gaveUpInterrupted = new CompletableFuture<>();
        Thread taker = Thread.ofPlatform().start(() -> gaveUpInterrupted.complete(
                lock.acquire(Duration.ofSeconds(60)).isEmpty() && Thread.currentThread().isInterrupted()));
        Await.until(() -> taker.getState() == Thread.State.TIMED_WAITING || gaveUpInterrupted.isDone(),
                "a retry pause");
        taker.interrupt();
        assertTrue(gaveUpInterrupted.get(60, TimeUnit.SECONDS));
        taker.join();

        Files.delete(layout.startupLockFile());
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() ->
                lock.acquire(Duration.ofSeconds(5)).map(h -> {
                    h.close();
                    return true;
                }).orElse(false));
        assertTrue(next.get(60, TimeUnit.SECONDS), "the interrupted taker let go of the lock");
    }

    @Test
    void aFailureToWriteTheLockIsAStorageErrorAndLeavesTheLockFree() throws Exception {
        Files.createDirectories(layout.startupLockFile().getParent().getParent());
        Files.writeString(layout.startupLockFile().getParent(), "a file where the directory belongs");

        assertThrows(StorageException.class, () -> lock.acquire(Duration.ofSeconds(5)));

        Files.delete(layout.startupLockFile().getParent());
        try (StartupLockPort.Held held = lock.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertTrue(Files.exists(layout.startupLockFile()), "taken for real, not as a nested use");
        }
    }

    @Test
    void aFailureWhileJudgingTheHolderIsPassedOnAndLeavesTheLockFree() throws Exception {
        other = new ProcessBuilder("sleep", "120").start();
        holder(other.pid(), System.currentTimeMillis(), "host-a");
        OsProxyProcessAdapter os = new OsProxyProcessAdapter(layout);
        FileSystemStartupLockAdapter failing = new FileSystemStartupLockAdapter(layout, Clock.systemUTC(),
                new FailingFind(os), "host-a");

        assertThrows(IllegalStateException.class, () -> failing.acquire(Duration.ofSeconds(5)));

        Files.delete(layout.startupLockFile());
        try (StartupLockPort.Held held = lock.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertTrue(Files.exists(layout.startupLockFile()), "taken for real, not as a nested use");
        }
    }

    /** The OS's processes, except that asking about one fails. */
    private static final class FailingFind extends ForwardingProxyProcesses {
        FailingFind(OsProxyProcessAdapter os) {
            super(os);
        }

        @Override
        public Optional<ProcessInfo> find(long pid) {
            throw new IllegalStateException("no process table");
        }
    }

    private long ownerPid() {
        try {
            return JSON.readTree(layout.startupLockFile().toFile()).get("pid").asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private String holder(long pid, long timestamp, String hostname) throws Exception {
        String content = "{\"pid\":" + pid + ",\"timestamp\":" + timestamp + ",\"hostname\":\"" + hostname + "\"}";
        Files.createDirectories(layout.startupLockFile().getParent());
        Files.writeString(layout.startupLockFile(), content);
        return content;
    }
}
