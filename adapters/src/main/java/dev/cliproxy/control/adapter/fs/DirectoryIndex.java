package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.model.StoredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The listing of a {@link ConfinedDirectory} kept from the OS's change events ({@link DirectoryWatch}) instead of
 * a {@code stat} per file on every request: a listing of an unchanged directory of thousands of files costs a few
 * system calls, and is the previous list itself. Each listing first catches up with every event of a change made
 * before it, then looks again at the entries those events name and at entries that are links (their targets change
 * without an event of their name). The whole directory is read again when the index starts, when the OS dropped
 * events (overflow), when the directory was replaced or removed, and on every listing where no watch is possible.
 */
final class DirectoryIndex implements AutoCloseable {

    private final ConfinedDirectory directory;
    private final Predicate<String> acceptName;
    private final Optional<DirectoryWatch> watch;
    private final Consumer<String> touched;
    private final ReentrantLock lock = new ReentrantLock();
    /** The fields below are guarded by {@link #lock}. */
    private final Map<String, StoredFile> files = new HashMap<>();
    private final Set<String> links = new HashSet<>();
    private List<StoredFile> listing = List.of();
    private DirectoryWatch.Subscription subscription;
    /** The real directory the subscription follows, and its identity (a directory made again is another). */
    private Path watched;
    private Object watchedKey;
    /** Set once the watch refused this directory: it is read on every listing. */
    private boolean unwatchable;
    private boolean closed;

    /**
     * @param touched told of each name whose content may have changed since the last listing (an event named it,
     *                it is a link, its size or time changed, it went away), and of every name when that cannot be
     *                known (the whole directory was read again after missed events)
     */
    DirectoryIndex(ConfinedDirectory directory, Predicate<String> acceptName, Optional<DirectoryWatch> watch,
                   Consumer<String> touched) {
        this.directory = directory;
        this.acceptName = acceptName;
        this.watch = watch;
        this.touched = touched;
    }

    /** The regular files whose names are accepted, as they are now; the same list while nothing changed. */
    List<StoredFile> list() throws IOException {
        Optional<Path> real = directory.realDirectory();
        boolean caughtUp = real.isPresent() && subscribed() && watch.orElseThrow().catchUp();
        lock.lock();
        try {
            BasicFileAttributes attributes = real.isEmpty() ? null : attributes(real.get());
            if (attributes == null) {
                unsubscribe();
                replaceAll(List.of(), false);
                return listing;
            }
            if (subscription != null && (!real.get().equals(watched)
                    || !Objects.equals(attributes.fileKey(), watchedKey))) {
                unsubscribe(); // another directory now: the path was pointed elsewhere, or it was made again
            }
            if (subscription == null) {
                // Told of every name once watched: an event missed before may have been a rewrite of the same size
                // and time. Unwatched, only what the entries show can be told, as before there was a watch.
                boolean watching = subscribe(real.get(), attributes.fileKey());
                replaceAll(directory.scan(real.get(), acceptName), watching);
            } else if (!caughtUp) {
                replaceAll(directory.scan(real.get(), acceptName), false);
            } else {
                DirectoryWatch.Pending pending = subscription.drain();
                if (pending.invalid()) {
                    unsubscribe();
                    replaceAll(directory.scan(real.get(), acceptName), subscribe(real.get(), attributes.fileKey()));
                } else if (pending.overflow()) {
                    replaceAll(directory.scan(real.get(), acceptName), true);
                } else {
                    Set<String> names = new LinkedHashSet<>(pending.names());
                    names.addAll(links);
                    lookAgain(real.get(), names);
                }
            }
            return listing;
        } finally {
            lock.unlock();
        }
    }

    /** Stops following the directory. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            unsubscribe();
        } finally {
            lock.unlock();
        }
    }

    private boolean subscribed() {
        lock.lock();
        try {
            return subscription != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the directory is followed from now on. */
    private boolean subscribe(Path real, Object fileKey) {
        if (closed || unwatchable || watch.isEmpty()) {
            return false;
        }
        subscription = watch.get().subscribe(real).orElse(null);
        unwatchable = subscription == null;
        watched = real;
        watchedKey = fileKey;
        return subscription != null;
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** The files found by reading the whole directory; {@code everyName}: whether to tell of every name. */
    private void replaceAll(List<ConfinedDirectory.Entry> found, boolean everyName) {
        Map<String, StoredFile> before = new HashMap<>(files);
        files.clear();
        links.clear();
        boolean changed = false;
        for (ConfinedDirectory.Entry entry : found) {
            if (entry.link()) {
                links.add(entry.name());
            }
            StoredFile now = entry.file().orElse(null);
            if (now != null) {
                files.put(entry.name(), now);
            }
            StoredFile was = before.remove(entry.name());
            if (everyName || !Objects.equals(now, was)) {
                touched.accept(entry.name());
                changed |= !Objects.equals(now, was);
            }
        }
        before.keySet().forEach(touched);
        if (changed || !before.isEmpty()) {
            listing = List.copyOf(files.values());
        }
    }

    /** Looks again at the named entries only. */
    private void lookAgain(Path real, Set<String> names) throws IOException {
        boolean changed = false;
        for (String name : names) {
            if (!acceptName.test(name)) {
                continue;
            }
            touched.accept(name);
            ConfinedDirectory.Entry entry = directory.entry(real, name);
            StoredFile now = entry.file().orElse(null);
            StoredFile was = now == null ? files.remove(name) : files.put(name, now);
            if (entry.link()) {
                links.add(name);
            } else {
                links.remove(name);
            }
            changed |= !Objects.equals(was, now);
        }
        if (changed) {
            listing = List.copyOf(files.values());
        }
    }

    private static BasicFileAttributes attributes(Path real) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() ? attributes : null;
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
