package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accounts' token files added to {@code auth/} and removed to {@code auth-removed/} and back. A file is written
 * with {@link AtomicFileWriter} (temp file, fsync, rename; 0600): a new name is published with a hard link, so that
 * a file another program wrote under that name meanwhile is never replaced; a replacement is a rename over the old
 * entry, which replaces a link rather than writing where it points. Removals and restores are renames, so a file
 * keeps its content and times; the directories this store creates are 0700.
 */
public final class FileSystemAccountFilesAdapter implements AccountFilesPort {

    private final List<QuotaProvider> providers;
    private final Path active;
    private final Path paused;
    private final Path removedDirectory;

    /** Each file named by the provider of {@code providers} (the catalogue) that owns it, as in the listing. */
    public FileSystemAccountFilesAdapter(CcsLayout layout, List<QuotaProvider> providers) {
        this.providers = List.copyOf(providers);
        this.active = layout.authDirectory();
        this.paused = layout.pausedAuthDirectory();
        this.removedDirectory = layout.removedAuthDirectory();
    }

    @Override
    public AccountToken add(AuthFileName file, TokenFileUpload upload, boolean replace) {
        String name = file.value();
        Path target = active.resolve(name);
        try {
            if (Files.exists(paused.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw exists("a paused account has this name: resume or delete it first");
            }
            privateDirectory(active);
            if (replace) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists("a directory has this name in auth/");
                }
                AtomicFileWriter.write(target, upload.content());
            } else if (!AtomicFileWriter.writeNew(target, upload.content())) {
                throw exists("a file of this name is in auth/: replace it with ?replace=true");
            }
            return AccountToken.of(providers, name, upload.facts().type(), upload.facts().email(), false,
                    upload.facts().expiresAt(), modified(target));
        } catch (IOException e) {
            throw new StorageException("Failed to import account file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR,
                    e);
        }
    }

    @Override
    public Optional<RemovedAccount> remove(AccountToken token, Instant removedAt) {
        Path source = (token.paused() ? paused : active).resolve(token.file());
        try {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            privateDirectory(removedDirectory);
            RemovedAccount gone = new RemovedAccount(token, removedAt);
            while (Files.exists(removedDirectory.resolve(gone.storedName()), LinkOption.NOFOLLOW_LINKS)) {
                // Two removals of one file within a millisecond: the later one takes the next, neither is lost.
                gone = new RemovedAccount(token, gone.removedAt().plusMillis(1));
            }
            Path target = removedDirectory.resolve(gone.storedName());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && Files.getFileStore(target).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(target, AtomicFileWriter.OWNER_ONLY);
            }
            AtomicFileWriter.forceDirectory(removedDirectory);
            AtomicFileWriter.forceDirectory(source.getParent());
            return Optional.of(gone);
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("Failed to remove account", "the file system cannot move it atomically",
                    ErrorCode.STORAGE_ERROR, e);
        } catch (IOException e) {
            throw new StorageException("Failed to remove account", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /**
     * The removed files under names this store wrote. A link (an account that was a link) is listed without being
     * followed: it says nothing, and it is restored or purged as the link it is.
     */
    @Override
    public List<RemovedAccount> removed() {
        List<RemovedAccount> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(removedDirectory)) {
            for (Path entry : entries) {
                Optional<RemovedAccount.Stored> stored = RemovedAccount.parse(entry.getFileName().toString());
                if (stored.isPresent()) {
                    entry(entry, stored.get()).ifPresent(removed::add);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException absent) {
            return List.of();
        } catch (DirectoryIteratorException e) {
            throw listingFailed(e.getCause());
        } catch (IOException e) {
            throw listingFailed(e);
        }
        return removed;
    }

    private Optional<RemovedAccount> entry(Path entry, RemovedAccount.Stored stored) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile() && !attributes.isSymbolicLink()) {
            return Optional.empty();
        }
        FileSystemAccountStoreAdapter.Metadata read = attributes.isRegularFile()
                ? FileSystemAccountStoreAdapter.readMetadata(entry) : FileSystemAccountStoreAdapter.Metadata.NONE;
        AccountToken token = AccountToken.of(providers, stored.file(), read.type(), read.email(), stored.paused(),
                read.expiresAt(), attributes.lastModifiedTime().toInstant());
        return Optional.of(new RemovedAccount(token, stored.removedAt()));
    }

    @Override
    public Optional<AccountToken> restore(RemovedAccount gone) {
        Path source = removedDirectory.resolve(gone.storedName());
        Path directory = gone.token().paused() ? paused : active;
        Path target = directory.resolve(gone.token().file());
        try {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw exists("a file of its name is in " + directory.getFileName() + "/ again");
            }
            privateDirectory(directory);
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFileWriter.forceDirectory(directory);
            AtomicFileWriter.forceDirectory(removedDirectory);
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            FileSystemAccountStoreAdapter.Metadata read = attributes.isRegularFile()
                    ? FileSystemAccountStoreAdapter.readMetadata(target) : FileSystemAccountStoreAdapter.Metadata.NONE;
            return Optional.of(AccountToken.of(providers, gone.token().file(), read.type(), read.email(),
                    gone.token().paused(), read.expiresAt(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("Failed to restore account", "the file system cannot move it atomically",
                    ErrorCode.STORAGE_ERROR, e);
        } catch (IOException e) {
            throw new StorageException("Failed to restore account", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public boolean purge(RemovedAccount gone) {
        try {
            boolean deleted = Files.deleteIfExists(removedDirectory.resolve(gone.storedName()));
            AtomicFileWriter.forceDirectory(removedDirectory);
            return deleted;
        } catch (IOException e) {
            throw new StorageException("Failed to delete removed account", FileErrors.reason(e),
                    ErrorCode.STORAGE_ERROR, e);
        }
    }

    private static Instant modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    /** Creates {@code directory} (0700 on POSIX) unless it exists. */
    private static void privateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.getParent());
        try {
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Another writer made it first: it is there, which is all that is needed.
        }
    }

    private static ConflictException exists(String detail) {
        return new ConflictException(ErrorCode.ACCOUNT_EXISTS, detail);
    }

    private static StorageException listingFailed(IOException e) {
        return new StorageException("Failed to list removed accounts", FileErrors.reason(e), ErrorCode.STORAGE_ERROR,
                e);
    }
}
