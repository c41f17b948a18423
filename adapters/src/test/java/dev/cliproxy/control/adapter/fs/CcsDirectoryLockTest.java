package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's {@code cliproxy.lock} directory: held while the body runs, waited for, broken when stale. */
class CcsDirectoryLockTest {

    @TempDir
    Path ccs;

    private Path lockDirectory() {
        return ccs.resolve("cliproxy.lock");
    }

    @Test
    void theBodyRunsHoldingTheLockDirectoryWhichIsRemovedAfterwardsWhateverTheBodyDid() throws IOException {
        CcsDirectoryLock lock = new CcsDirectoryLock(ccs, Clock.systemUTC());

        assertTrue(lock.withLock(() -> Files.isDirectory(lockDirectory())));
        assertFalse(Files.exists(lockDirectory()));

        IOException failed = assertThrows(IOException.class, () -> lock.withLock(() -> {
            throw new IOException("the body failed");
        }));
        assertEquals("the body failed", failed.getMessage());
        assertFalse(Files.exists(lockDirectory()));
    }

    @Test
    void aLockHeldByAnotherProcessIsWaitedForThenRefusedInWordsWithoutAPath() throws IOException {
        // Fresh for the whole test whatever the clock says (the CLI keeps touching the lock it holds).
        Files.createDirectory(lockDirectory());
        Files.setLastModifiedTime(lockDirectory(), FileTime.from(Instant.now().plus(Duration.ofDays(1))));
        // A second passes at every reading of the clock: the 15 s wait is over after a few short pauses.
        CcsDirectoryLock lock = new CcsDirectoryLock(ccs, new TickingClock(Instant.now(), Duration.ofSeconds(1)));
        AtomicBoolean ran = new AtomicBoolean();

        IOException refused = assertThrows(FileErrors.PathFree.class, () -> lock.withLock(() -> ran.getAndSet(true)));

        assertEquals("the CCS directory lock is held by another process for over 15 s", refused.getMessage());
        assertFalse(ran.get());
        assertTrue(Files.isDirectory(lockDirectory()), "another's lock is left alone");
    }

    @Test
    void aStaleLockIsBrokenAndTakenAtOnce() throws IOException {
        Files.createDirectory(lockDirectory());
        Files.setLastModifiedTime(lockDirectory(), FileTime.from(Instant.now().minusSeconds(11)));
        // Past the wait at every reading of the clock: only a lock taken without waiting gets through.
        CcsDirectoryLock lock = new CcsDirectoryLock(ccs, new TickingClock(Instant.now(), Duration.ofSeconds(20)));

        assertEquals("ran", lock.withLock(() -> "ran"));
        assertFalse(Files.exists(lockDirectory()));
    }

    @Test
    void aThreadInterruptedWhileWaitingGivesUpAndKeepsItsInterrupt() throws IOException {
        Files.createDirectory(lockDirectory());
        Files.setLastModifiedTime(lockDirectory(), FileTime.from(Instant.now().plus(Duration.ofDays(1))));
        CcsDirectoryLock lock = new CcsDirectoryLock(ccs, Clock.systemUTC());

        Thread.currentThread().interrupt();
        try {
            IOException refused = assertThrows(FileErrors.PathFree.class, () -> lock.withLock(() -> "ran"));
            assertEquals("interrupted while waiting for the CCS directory lock", refused.getMessage());
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
    }

    /** A clock that moves by {@code step} each time it is read. */
    private static final class TickingClock extends Clock {
        private final Instant start;
        private final Duration step;
        private final AtomicLong readings = new AtomicLong();

        TickingClock(Instant start, Duration step) {
            this.start = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            return start.plus(step.multipliedBy(readings.getAndIncrement()));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
