package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code cliproxy/.startup.lock} as the {@code ccs} CLI takes it: created exclusively, holding
 * {@code {"pid","timestamp","hostname"}}, stale when older than 10 s or when its owner on this host is dead, and
 * removed only by its owner. Threads of this JVM first queue on a reentrant in-process lock; a thread that holds it
 * already holds the file too, so nested use (a session opening starts the proxy) does not wait for itself.
 */
public final class FileSystemStartupLockAdapter implements StartupLockPort {

    static final Duration STALE_AFTER = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final Clock clock;
    private final ProxyProcessPort processes;
    private final String hostname;

    public FileSystemStartupLockAdapter(CcsLayout layout, Clock clock, ProxyProcessPort processes) {
        this(layout, clock, processes, Hostname.current());
    }

    FileSystemStartupLockAdapter(CcsLayout layout, Clock clock, ProxyProcessPort processes, String hostname) {
        this.lockFile = layout.startupLockFile();
        this.clock = clock;
        this.processes = processes;
        this.hostname = hostname;
    }

    @Override
    public Optional<Held> acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, key -> new ReentrantLock());
        try {
            if (!local.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (local.getHoldCount() > 1) {
            return Optional.of(local::unlock);
        }
        try {
            long pid = processes.self().pid();
            Optional<byte[]> written;
            while ((written = tryCreate(pid)).isEmpty()) {
                if (removeIfStale()) {
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) {
                    local.unlock();
                    return Optional.empty();
                }
                Thread.sleep(RETRY_PAUSE);
            }
            byte[] mine = written.get();
            return Optional.of(() -> release(mine, local));
        } catch (IOException e) {
            local.unlock();
            throw new StorageException("Failed to take the startup lock", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            local.unlock();
            return Optional.empty();
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The lock's content if this call created it; empty when it exists. */
    private Optional<byte[]> tryCreate(long pid) throws IOException {
        Files.createDirectories(lockFile.getParent());
        byte[] content = JSON.writeValueAsBytes(Map.of("pid", pid, "timestamp", clock.millis(),
                "hostname", hostname));
        try (OutputStream out = Files.newOutputStream(lockFile, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            restrictToOwner();
            out.write(content);
            return Optional.of(content);
        } catch (FileAlreadyExistsException held) {
            return Optional.empty();
        }
    }

    private void restrictToOwner() throws IOException {
        if (Files.getFileStore(lockFile).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Removes the lock if its time is up or its owner on this host is gone. */
    private boolean removeIfStale() throws IOException {
        Optional<ObjectNode> holder;
        Instant written;
        try {
            written = Files.getLastModifiedTime(lockFile).toInstant();
            holder = read();
        } catch (NoSuchFileException released) {
            return true;
        }
        Instant stamped = holder.map(h -> h.get("timestamp"))
                .filter(JsonNode::canConvertToLong)
                .map(t -> Instant.ofEpochMilli(t.asLong()))
                .orElse(written);
        boolean expired = stamped.plus(STALE_AFTER).isBefore(clock.instant());
        boolean ownerDead = holder
                .filter(h -> hostname.equals(h.path("hostname").asText(hostname)))
                .map(h -> h.get("pid"))
                .filter(JsonNode::canConvertToLong)
                .map(p -> processes.find(p.asLong()).isEmpty())
                .orElse(false);
        if (expired || ownerDead) {
            // As the CLI does. Two takers judging the same stale lock at once may race here; the window is a
            // few microseconds every 10 s at worst, and the in-process lock removes it within one JVM.
            Files.deleteIfExists(lockFile);
            return true;
        }
        return false;
    }

    private Optional<ObjectNode> read() throws IOException {
        try {
            return JSON.readTree(Files.readString(lockFile, StandardCharsets.UTF_8)) instanceof ObjectNode node
                    ? Optional.of(node) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException half) {
            // Being written by its owner right now, or garbage: judged by its age alone.
            return Optional.empty();
        }
    }

    /** Removes the lock if it is still the one this holder wrote: the same bytes (no JSON to parse at a release). */
    private void release(byte[] mine, ReentrantLock local) {
        try {
            if (Arrays.equals(Files.readAllBytes(lockFile), mine)) {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException e) {
            // Gone already; or left behind, when it turns stale within 10 s and is removed by the next taker.
        } finally {
            local.unlock();
        }
    }
}
