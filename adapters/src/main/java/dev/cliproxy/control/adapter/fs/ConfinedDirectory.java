package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A directory whose regular files may be listed and read by name, and nothing else: a link is followed only when
 * its real target stays inside the directory, and only regular files (no directories, devices or pipes) count.
 * Names reach this class already validated as plain names; the real-path check is the second line of defence.
 */
final class ConfinedDirectory {

    private final Path directory;

    ConfinedDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The directory as configured (not resolved), for answers that show it. */
    Path path() {
        return directory;
    }

    /** The regular files whose names {@code acceptName} takes; empty when the directory does not exist. */
    List<StoredFile> list(Predicate<String> acceptName) throws IOException {
        Optional<Path> real = realDirectory();
        if (real.isEmpty()) {
            return List.of();
        }
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real.get())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (acceptName.test(name)) {
                    regularFile(real.get(), entry).ifPresent(file -> files.add(new StoredFile(name,
                            file.attributes().size(), file.attributes().lastModifiedTime().toInstant())));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException vanished) {
            return List.of();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return files;
    }

    /** The real path and attributes of the regular file {@code name} inside the directory, if there is one. */
    Optional<RegularFile> find(String name) throws IOException {
        Optional<Path> real = realDirectory();
        return real.isEmpty() ? Optional.empty() : regularFile(real.get(), real.get().resolve(name));
    }

    /** Opens the regular file {@code name} inside the directory for streaming, if there is one. */
    Optional<FileContent> open(String name) throws IOException {
        Optional<RegularFile> file = find(name);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            // NOFOLLOW: the checked real path must not have become a link since it was checked.
            InputStream stream = Files.newInputStream(file.get().realPath(), StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new FileContent(file.get().attributes().size(), stream));
        } catch (NoSuchFileException deleted) {
            return Optional.empty();
        } catch (FileSystemException swapped) {
            // ELOOP: replaced by a link between the check and the open.
            if (Files.isSymbolicLink(file.get().realPath())) {
                return Optional.empty();
            }
            throw swapped;
        }
    }

    private Optional<Path> realDirectory() throws IOException {
        try {
            Path real = directory.toRealPath();
            return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** {@code entry}, or the target of the link {@code entry}, when it is a regular file inside {@code realDir}. */
    private static Optional<RegularFile> regularFile(Path realDir, Path entry) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile()) {
                return Optional.of(new RegularFile(entry, attributes));
            }
            if (!attributes.isSymbolicLink()) {
                return Optional.empty();
            }
            Path target = entry.toRealPath();
            if (!target.startsWith(realDir) || target.equals(realDir)) {
                return Optional.empty();
            }
            BasicFileAttributes targetAttributes = Files.readAttributes(target, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return targetAttributes.isRegularFile()
                    ? Optional.of(new RegularFile(target, targetAttributes)) : Optional.empty();
        } catch (NoSuchFileException | NotDirectoryException vanishedOrDangling) {
            return Optional.empty();
        } catch (FileSystemException loop) {
            // A link loop (ELOOP) is not a file; any other failure is a real one.
            if (Files.isSymbolicLink(entry)) {
                return Optional.empty();
            }
            throw loop;
        }
    }

    /** A checked regular file: its real path (no link in it) and its attributes. */
    record RegularFile(Path realPath, BasicFileAttributes attributes) {
    }
}
