package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock the {@code ccs} CLI takes (with proper-lockfile) around its session and account files: the directory
 * {@code <ccs-dir>/cliproxy.lock}, created with mkdir, stale when older than 10 s. Taking the same lock makes our
 * read-modify-write of {@code sessions.json} safe against the CLI's. Unlike the CLI we retry instead of failing
 * at once (its issue #1670). Threads of this JVM queue on an in-process lock first.
 */
final class CcsDirectoryLock {

    static final Duration STALE_AFTER = Duration.ofSeconds(10);
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(15);
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockDirectory;
    private final Clock clock;

    CcsDirectoryLock(Path ccsDirectory, Clock clock) {
        this.lockDirectory = ccsDirectory.toAbsolutePath().normalize().resolve("cliproxy.lock");
        this.clock = clock;
    }

    /** Runs {@code body} while holding the lock. */
    <T> T withLock(IoSupplier<T> body) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockDirectory, key -> new ReentrantLock());
        local.lock();
        try {
            acquire();
            try {
                return body.get();
            } finally {
                release();
            }
        } finally {
            local.unlock();
        }
    }

    private void acquire() throws IOException {
        Files.createDirectories(lockDirectory.getParent());
        Instant deadline = clock.instant().plus(ACQUIRE_TIMEOUT);
        long pauseMillis = 5;
        while (true) {
            try {
                Files.createDirectory(lockDirectory);
                return;
            } catch (FileAlreadyExistsException held) {
                if (removeIfStale()) {
                    continue;
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new FileErrors.PathFree("the CCS directory lock is held by another process for over "
                            + ACQUIRE_TIMEOUT.toSeconds() + " s", held);
                }
                pause(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 100);
            }
        }
    }

    private boolean removeIfStale() throws IOException {
        try {
            Instant modified = Files.getLastModifiedTime(lockDirectory).toInstant();
            if (modified.plus(STALE_AFTER).isBefore(clock.instant())) {
                Files.deleteIfExists(lockDirectory);
                return true;
            }
            return false;
        } catch (NoSuchFileException released) {
            return true;
        }
    }

    private void release() throws IOException {
        Files.deleteIfExists(lockDirectory);
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileErrors.PathFree("interrupted while waiting for the CCS directory lock", e);
        }
    }

    /** A body that may fail with an I/O error. */
    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }
}
