package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code bin/<backend>/versions/<version>/<binary>} beside the backend's binary. Every change is made beside its
 * target and then moved over it atomically: a folder of {@code versions/} appears whole or not at all, and the
 * binary the proxy runs is at every instant either the old file or the new one, both complete and executable. What
 * a crash leaves behind ({@code versions/.staging-*}, {@code .stage-*}, {@code .<binary>.new-*}) is hidden from every
 * reader and removed by the next install. {@code .version-previous} names the version the last promote replaced.
 * One install or rollback at a time, across processes, holds {@code cliproxy/.install.lock} ({@link #reserve()}).
 */
public final class FileSystemProxyInstallationAdapter implements ProxyInstallationPort {

    /** The folder that keeps a replaced binary whose {@code .version} named no version. */
    public static final String UNRECORDED = "unrecorded";
    private static final String STAGING_PREFIX = ".staging-";
    private static final String STAGE_PREFIX = ".stage-";
    /** The install lock files this JVM holds (their real paths). */
    private static final Set<Path> RESERVED = ConcurrentHashMap.newKeySet();

    private final CcsLayout layout;
    private final InstalledVersionPort installed;

    public FileSystemProxyInstallationAdapter(CcsLayout layout, InstalledVersionPort installed) {
        this.layout = layout;
        this.installed = installed;
    }

    /**
     * An operating-system lock on {@code cliproxy/.install.lock} ({@link FileChannel#tryLock()}), which the system
     * releases when its process ends however it ends. Within this JVM the lock files held are also kept in
     * {@link #RESERVED}: a second channel on a file this JVM has locked would fail to lock it, and closing that
     * channel would drop the first one's lock on some systems.
     */
    @Override
    public Optional<Reservation> reserve() {
        Path file = layout.installLockFile();
        Path key;
        try {
            Files.createDirectories(file.getParent());
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw failed("Failed to take the install lock", e);
        }
        if (!RESERVED.add(key)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = openOwnerOnly(file);
            if (channel.tryLock() == null) {
                channel.close();
                RESERVED.remove(key);
                return Optional.empty();
            }
            FileChannel held = channel;
            AtomicBoolean open = new AtomicBoolean(true);
            return Optional.of(() -> {
                if (open.getAndSet(false)) {
                    release(held, key);
                }
            });
        } catch (IOException | RuntimeException e) {
            release(channel, key);
            if (e instanceof IOException io) {
                throw failed("Failed to take the install lock", io);
            }
            throw (RuntimeException) e;
        }
    }

    private static FileChannel openOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            return FileChannel.open(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }

    /** Closing the channel releases its lock; the empty file stays for the next taker. */
    private static void release(FileChannel channel, Path key) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // The lock ends with the channel's file descriptor, which the close has released either way.
        } finally {
            RESERVED.remove(key);
        }
    }

    @Override
    public Path newStagingDirectory(Backend backend) {
        Path versions = versions(backend);
        try {
            Files.createDirectories(versions);
            removeLeftovers(backend);
            return Files.createDirectory(versions.resolve(STAGING_PREFIX + UUID.randomUUID()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw failed("Failed to prepare the install", e);
        }
    }

    @Override
    public Path stage(Backend backend, String version, Path staging, Path binary) {
        Path versions = versions(backend);
        Path target = versions.resolve(label(version));
        try {
            Path folder = Files.createDirectory(versions.resolve(STAGE_PREFIX + UUID.randomUUID()));
            Path staged = folder.resolve(backend.binaryName());
            Files.move(binary, staged, StandardCopyOption.ATOMIC_MOVE);
            makeExecutable(staged);
            force(staged);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path old = versions.resolve(STAGE_PREFIX + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            }
            Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
            AtomicFileWriter.forceDirectory(versions);
            deleteTree(staging);
            return target.resolve(backend.binaryName());
        } catch (IOException e) {
            throw failed("Failed to stage version " + version, e);
        }
    }

    @Override
    public Optional<String> promote(Backend backend, String version) {
        Path directory = layout.binaryDirectory(backend);
        Path source = versions(backend).resolve(label(version)).resolve(backend.binaryName());
        Path binary = layout.defaultBinary(backend);
        Optional<String> before = installed.recordedVersion(backend).map(ProxyVersion::displayText)
                .filter(text -> ProxyVersion.parse(text).isPresent());
        String beforeLabel = before.orElse(UNRECORDED);
        try {
            if (!Files.isRegularFile(source)) {
                throw new StorageException("Failed to promote version " + version, "version " + version
                        + " is not staged under bin/" + backend.folder() + "/versions/", ErrorCode.STORAGE_ERROR, null);
            }
            boolean hadBinary = Files.isRegularFile(binary);
            if (hadBinary && !beforeLabel.equals(version)) {
                keep(backend, binary, beforeLabel);
            }
            Path next = directory.resolve("." + backend.binaryName() + ".new-" + UUID.randomUUID());
            Files.copy(source, next, StandardCopyOption.COPY_ATTRIBUTES);
            makeExecutable(next);
            force(next);
            Files.move(next, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFileWriter.forceDirectory(directory);
            if (hadBinary && !beforeLabel.equals(version)) {
                AtomicFileWriter.write(directory.resolve(".version-previous"),
                        beforeLabel.getBytes(StandardCharsets.UTF_8));
            }
            if (version.equals(UNRECORDED)) {
                Files.deleteIfExists(directory.resolve(".version"));
            } else {
                AtomicFileWriter.write(directory.resolve(".version"), version.getBytes(StandardCharsets.UTF_8));
            }
            return hadBinary && !beforeLabel.equals(version) ? before : Optional.empty();
        } catch (IOException e) {
            throw failed("Failed to promote version " + version, e);
        }
    }

    @Override
    public Optional<String> previousVersion(Backend backend) {
        Path file = layout.binaryDirectory(backend).resolve(".version-previous");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256) {
                return Optional.empty();
            }
            String label = Files.readString(file, StandardCharsets.UTF_8).strip();
            return isLabel(label) && Files.isRegularFile(versions(backend).resolve(label)
                    .resolve(backend.binaryName())) ? Optional.of(label) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void prune(Backend backend, int keep) {
        Path versions = versions(backend);
        if (!Files.isDirectory(versions)) {
            return;
        }
        Set<String> kept = new HashSet<>();
        installed.recordedVersion(backend).map(ProxyVersion::displayText).ifPresent(kept::add);
        previousVersion(backend).ifPresent(kept::add);
        try (Stream<Path> children = Files.list(versions)) {
            List<Path> others = new ArrayList<>(children
                    .filter(path -> isLabel(path.getFileName().toString()))
                    .filter(path -> !kept.contains(path.getFileName().toString()))
                    .toList());
            others.sort(Comparator.comparing(FileSystemProxyInstallationAdapter::modified).reversed());
            int room = Math.max(0, keep - kept.size());
            for (Path old : others.subList(Math.min(room, others.size()), others.size())) {
                deleteTree(old);
            }
            removeLeftovers(backend);
        } catch (IOException e) {
            throw failed("Failed to remove old versions", e);
        }
    }

    /** Copies the binary being replaced into {@code versions/<label>/}, unless that version is kept already. */
    private void keep(Backend backend, Path binary, String label) throws IOException {
        Path target = versions(backend).resolve(label);
        if (!label.equals(UNRECORDED) && Files.isRegularFile(target.resolve(backend.binaryName()))) {
            return;
        }
        Files.createDirectories(versions(backend));
        Path folder = Files.createDirectory(versions(backend).resolve(STAGE_PREFIX + UUID.randomUUID()));
        Path copy = folder.resolve(backend.binaryName());
        Files.copy(binary, copy, StandardCopyOption.COPY_ATTRIBUTES);
        force(copy);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path old = versions(backend).resolve(STAGE_PREFIX + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        }
        Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void removeLeftovers(Backend backend) throws IOException {
        try (Stream<Path> children = Files.list(versions(backend))) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(STAGING_PREFIX) || name.startsWith(STAGE_PREFIX)) {
                    deleteTree(child);
                }
            }
        }
        try (Stream<Path> children = Files.list(layout.binaryDirectory(backend))) {
            for (Path child : children.toList()) {
                if (child.getFileName().toString().startsWith("." + backend.binaryName() + ".new-")) {
                    Files.deleteIfExists(child);
                }
            }
        }
    }

    private Path versions(Backend backend) {
        return layout.binaryDirectory(backend).resolve("versions");
    }

    /** A folder name under {@code versions/}: a version, never anything that could name another place. */
    private static String label(String version) {
        if (!isLabel(version)) {
            throw new IllegalArgumentException("not a version: " + version);
        }
        return version;
    }

    private static boolean isLabel(String text) {
        return text.equals(UNRECORDED) || ProxyVersion.parse(text).isPresent() && !text.startsWith("v")
                && text.equals(text.strip());
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Deletes a folder of this adapter's making, never following a link out of it. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static StorageException failed(String error, IOException e) {
        return new StorageException(error, FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
    }
}
