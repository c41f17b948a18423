package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.rules.ProxyConfigYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The proxy config files of every port in memory, with the real file's rules ({@link ProxyConfigYaml}, the very
 * ones the real adapter applies, and its port rule): only an acceptable YAML mapping is written,
 * the precondition is checked under the writers' lock, the previous content is kept as the backup. Fault:
 * {@link #failNextWrite} (a write that fails half-way: as with the real atomic write, the file keeps its old content).
 */
public final class InMemoryConfigFile implements ProxyConfigFilePort {

    private final ReentrantLock lock = new ReentrantLock();
    private final CcsLayout layout;
    private final Map<Integer, byte[]> files = new HashMap<>();
    private final Map<Integer, byte[]> backups = new HashMap<>();
    private boolean failNextWrite;

    public InMemoryConfigFile(CcsLayout layout) {
        this.layout = layout;
    }

    /** Puts a file as another program (the CLI, an editor) would, without any check. */
    public void put(int port, String content) {
        lock.lock();
        try {
            files.put(port, content.getBytes(StandardCharsets.UTF_8));
        } finally {
            lock.unlock();
        }
    }

    /** The previous content kept by the last replace ({@code <file>.bak}). */
    public Optional<String> backup(int port) {
        return readBackup(port).map(document -> new String(document.content(), StandardCharsets.UTF_8));
    }

    /** The next replace fails after its checks, as a full disk would; nothing changes. */
    public void failNextWrite() {
        lock.lock();
        try {
            failNextWrite = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ConfigDocument> read(int port) {
        lock.lock();
        try {
            return Optional.ofNullable(files.get(port))
                    .map(b -> new ConfigDocument(layout.proxyConfigFile(port), b, EntityTag.of(b)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ConfigUpdate replace(int port, String content, WritePrecondition precondition) {
        ProxyConfigYaml.check(content);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            Optional<byte[]> current = Optional.ofNullable(files.get(port));
            if (!precondition.allows(current.map(EntityTag::of))) {
                throw new PreconditionFailedException(ErrorCode.ETAG_MISMATCH,
                        "The config file changed since it was read: read it again, then retry");
            }
            if (failNextWrite) {
                failNextWrite = false;
                throw new StorageException("Failed to write config file", "No space left on device",
                        ErrorCode.STORAGE_ERROR, null);
            }
            current.ifPresent(old -> backups.put(port, old));
            files.put(port, bytes);
            return new ConfigUpdate(layout.proxyConfigFile(port), EntityTag.of(bytes));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ConfigDocument> readBackup(int port) {
        lock.lock();
        try {
            Path file = layout.proxyConfigFile(port);
            return Optional.ofNullable(backups.get(port))
                    .map(b -> new ConfigDocument(file.resolveSibling(file.getFileName() + ".bak"), b, EntityTag.of(b)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public OptionalInt declaredPort(String content) {
        return ProxyConfigYaml.declaredPort(content);
    }

    @Override
    public Set<Integer> ports() {
        lock.lock();
        try {
            return Set.copyOf(files.keySet());
        } finally {
            lock.unlock();
        }
    }
}
