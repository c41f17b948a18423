package dev.cliproxy.control.adapter.fs;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The proxy's config file: read with its entity tag; replaced only by a config that passes {@link ProxyConfigYaml},
 * atomically, with the previous content kept as {@code .bak}. Writers of one file in this JVM queue on one lock,
 * and the entity tag is compared inside it, so a conditional write can never overwrite a change it has not seen.
 */
public final class YamlProxyConfigFileAdapter implements ProxyConfigFilePort {

    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final CcsLayout layout;
    private final AtomicFileWriter.ByteSink sink;
    /** GET reads it on every request: read and hash it again only once it changed (writes always read afresh). */
    private final FileSnapshotCache<Optional<ConfigDocument>> documents = new FileSnapshotCache<>();

    public YamlProxyConfigFileAdapter(CcsLayout layout) {
        this(layout, AtomicFileWriter.ByteSink.FILE_CHANNEL);
    }

    /** With the byte-writing step replaceable: tests interrupt writes there. */
    YamlProxyConfigFileAdapter(CcsLayout layout, AtomicFileWriter.ByteSink sink) {
        this.layout = layout;
        this.sink = sink;
    }

    @Override
    public Optional<ConfigDocument> read(int port) {
        Path file = layout.proxyConfigFile(port);
        try {
            return documents.read(file,
                    f -> readBytes(f).map(bytes -> new ConfigDocument(f, bytes, EntityTag.of(bytes))), Optional.empty());
        } catch (IOException e) {
            throw new StorageException("Failed to read config file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public ConfigUpdate replace(int port, String content, WritePrecondition precondition) {
        ProxyConfigYaml.check(content);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path file = layout.proxyConfigFile(port);
        ReentrantLock lock = LOCKS.computeIfAbsent(file, key -> new ReentrantLock());
        lock.lock();
        try {
            Optional<byte[]> current = readBytes(file);
            if (!precondition.allows(current.map(EntityTag::of))) {
                throw new PreconditionFailedException(ErrorCode.ETAG_MISMATCH,
                        "The config file changed since it was read: read it again, then retry");
            }
            // A linked config (dotfiles) stays a link: the file it points to is the one replaced.
            Path target = current.isPresent() ? file.toRealPath() : file;
            if (current.isPresent()) {
                AtomicFileWriter.write(backupOf(target), current.get(), sink);
            }
            AtomicFileWriter.write(target, bytes, sink);
            return new ConfigUpdate(file, EntityTag.of(bytes));
        } catch (IOException e) {
            throw new StorageException("Failed to write config file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<Integer> ports() {
        return PortFiles.ports(layout.cliproxyDirectory(), CcsLayout::portOfConfigFile);
    }

    @Override
    public Optional<ConfigDocument> readBackup(int port) {
        Path file = layout.proxyConfigFile(port);
        try {
            // Beside the file a save replaced: the link's target for a linked config.
            Path backup = backupOf(Files.exists(file) ? file.toRealPath() : file);
            return readBytes(backup).map(bytes -> new ConfigDocument(backup, bytes, EntityTag.of(bytes)));
        } catch (IOException e) {
            throw new StorageException("Failed to read config backup", FileErrors.reason(e), ErrorCode.STORAGE_ERROR,
                    e);
        }
    }

    private static Path backupOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".bak");
    }

    @Override
    public OptionalInt declaredPort(String content) {
        return ProxyConfigYaml.declaredPort(content);
    }

    /** The file's bytes; empty when there is no regular file there. */
    private static Optional<byte[]> readBytes(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException deleted) {
            return Optional.empty();
        }
    }
}
