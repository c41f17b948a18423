package dev.cliproxy.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code ccs cliproxy stop} as {@code @kaitranntt/ccs} 7.79.1 does it ({@code session-tracker.js} {@code stopProxy}):
 * SIGTERM to the recorded process, a look every 100 ms until it is gone (SIGKILL after 3 s), and only then the
 * session record deleted, without the startup lock. Between the exit and the deletion the record names a dead
 * process, as after a crash.
 */
final class CcsCliStop {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration GRACE = Duration.ofSeconds(3);

    private CcsCliStop() {
    }

    static void stop(Path sessionsFile) throws IOException, InterruptedException {
        long pid = new ObjectMapper().readTree(sessionsFile.toFile()).get("pid").asLong();
        Optional<ProcessHandle> proxy = ProcessHandle.of(pid);
        proxy.ifPresent(ProcessHandle::destroy);
        if (proxy.isPresent() && !gone(proxy.get(), GRACE)) {
            proxy.get().destroyForcibly();
            gone(proxy.get(), Duration.ofSeconds(1));
        }
        Files.deleteIfExists(sessionsFile);
    }

    private static boolean gone(ProcessHandle process, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return true;
            }
            Thread.sleep(POLL);
        }
        return false;
    }
}
