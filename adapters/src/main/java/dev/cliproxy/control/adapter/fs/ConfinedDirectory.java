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
        return scan(real.get(), acceptName).stream().flatMap(entry -> entry.file().stream()).toList();
    }

    /**
     * The entries of {@code realDir} (this directory's {@link #realDirectory()}) whose names {@code acceptName}
     * takes and that are regular files or links (whether or not they lead to one), one {@code lstat} each and two
     * for a link; empty when it has gone.
     */
    List<Entry> scan(Path realDir, Predicate<String> acceptName) throws IOException {
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(realDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (acceptName.test(name)) {
                    Entry looked = entry(realDir, name);
                    if (looked.file().isPresent() || looked.link()) {
                        found.add(looked);
                    }
                }
            }
        } catch (NoSuchFileException | NotDirectoryException vanished) {
            return List.of();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return found;
    }

    /** The entry {@code name} of {@code realDir} as it is now. */
    Entry entry(Path realDir, String name) throws IOException {
        Path entry = realDir.resolve(name);
        Found found = found(realDir, entry);
        return new Entry(name, found.file().map(file -> new StoredFile(name, file.attributes().size(),
                file.attributes().lastModifiedTime().toInstant())), found.link());
    }

    /** The directory's real path (no link in it), if the configured path leads to a directory now. */
    Optional<Path> realDirectory() throws IOException {
        try {
            Path real = directory.toRealPath();
            return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
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

    /** {@code entry}, or the target of the link {@code entry}, when it is a regular file inside {@code realDir}. */
    private static Optional<RegularFile> regularFile(Path realDir, Path entry) throws IOException {
        return found(realDir, entry).file();
    }

    private static Found found(Path realDir, Path entry) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException vanished) {
            return Found.NOTHING;
        }
        if (attributes.isRegularFile()) {
            return new Found(Optional.of(new RegularFile(entry, attributes)), false);
        }
        return attributes.isSymbolicLink() ? new Found(linkTarget(realDir, entry), true) : Found.NOTHING;
    }

    /** The target of the link {@code entry}, when it is a regular file inside {@code realDir}. */
    private static Optional<RegularFile> linkTarget(Path realDir, Path entry) throws IOException {
        try {
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

    /** What {@link #regularFile} found: the file, and whether the entry is a link. */
    private record Found(Optional<RegularFile> file, boolean link) {
        static final Found NOTHING = new Found(Optional.empty(), false);
    }

    /**
     * An entry: the regular file it is or leads to inside the directory, if any, and whether it is a link (whose
     * target may change, or appear, without any event naming the link).
     */
    record Entry(String name, Optional<StoredFile> file, boolean link) {
    }
}
