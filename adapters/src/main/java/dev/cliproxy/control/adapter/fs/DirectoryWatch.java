package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The operating system's change events of directories (inotify on Linux), so that a listing need not stat every
 * file on every request. One watch service serves the whole JVM: the OS limits them per user (128 on Linux).
 *
 * <p>Events reach a subscription through the JDK's own thread, a moment after the change. {@link #catchUp} closes
 * that gap: it renames a file of its own in a private directory watched through the same service, and waits for
 * that rename's event. The OS queues one service's events in order, so once it has come, every change made before
 * the call is in the subscriptions: a listing is never older than its request, as when it stat'ed every file.
 *
 * <p>Where the JDK only polls (it has no native service on some systems), nothing is watched: {@link #shared()} is
 * empty and listings read the directory each time. The private directory goes with the JVM; one whose JVM was
 * killed is removed by the next JVM that makes its own (the owner's file lock is free then).
 */
final class DirectoryWatch {

    /** How long a catch-up may wait for its own event before the caller reads the directory itself. */
    static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(5);
    /** Names kept for a subscription between two listings; past this many, its next listing reads the directory. */
    static final int MAX_PENDING_NAMES = 4096;
    private static final String ROUND = "round-";
    private static final String PREFIX = "cliproxy-control-watch-";
    private static final String OWNER = ".owner";
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(DirectoryWatch.class.getName());
    /** Owner files of this JVM's other copies of this class, found by a clean-up: never closed (see ownerGone). */
    private static final List<FileChannel> KEPT_OPEN = new CopyOnWriteArrayList<>();

    private final WatchService service;
    /**
     * Kept so that its channel stays reachable: the cleaner of an unreachable channel closes it, and closing releases
     * the lock, after which another JVM's clean-up would remove this live watch's directory.
     */
    private final FileLock owner;
    private final Path sentinelDirectory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** The fields below are guarded by {@link #lock}. */
    private final Map<WatchKey, List<Subscription>> subscribers = new HashMap<>();
    private WatchKey sentinelKey;
    private Path sentinel;
    /** The last round signalled, and the last whose event has been taken from the service. */
    private long signalled;
    private long delivered;
    /** Whether a caller is taking events from the service (one at a time). */
    private boolean consuming;
    /** Set when a catch-up timed out: the events cannot be trusted to come, every listing reads its directory. */
    private boolean broken;

    DirectoryWatch(WatchService service, Path sentinelDirectory, FileLock owner) throws IOException {
        this.service = service;
        this.owner = owner;
        this.sentinelDirectory = sentinelDirectory;
        this.sentinel = sentinelDirectory.resolve(ROUND + 0);
        Files.createDirectories(sentinelDirectory);
        Files.createFile(sentinel);
        this.sentinelKey = register(sentinelDirectory);
    }

    /** The JVM's watch, if the OS has native change events. */
    static Optional<DirectoryWatch> shared() {
        return Shared.WATCH;
    }

    /** Created at first use; its temp directory is removed when the JVM exits. */
    private static final class Shared {
        static final Optional<DirectoryWatch> WATCH = create();

        private static Optional<DirectoryWatch> create() {
            try {
                WatchService service = FileSystems.getDefault().newWatchService();
                if (service.getClass().getName().endsWith("PollingWatchService")) {
                    service.close(); // it would stat every file every few seconds, late: no better than listing
                    return Optional.empty();
                }
                Path temp = Path.of(System.getProperty("java.io.tmpdir"));
                removeAbandoned(temp, ABANDONED_AFTER);
                Path directory = Files.createTempDirectory(temp, PREFIX);
                directory.toFile().deleteOnExit();
                // Held while this JVM lives, released by the OS however it ends: a later JVM removes the directory.
                FileLock owner = FileChannel.open(directory.resolve(OWNER), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE).lock();
                directory.resolve(OWNER).toFile().deleteOnExit();
                DirectoryWatch watch = new DirectoryWatch(service, directory, owner);
                Runtime.getRuntime().addShutdownHook(new Thread(watch::removeSentinel));
                return Optional.of(watch);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                LOG.log(System.Logger.Level.INFO, "no directory watch, listings read their directory: {0}",
                        e.toString());
                return Optional.empty();
            }
        }
    }

    /**
     * Removes the private directories of JVMs that ended without their shutdown hooks (killed): those whose owner
     * lock can be taken and that have not changed for {@code after} (a directory being made has no lock yet).
     */
    static void removeAbandoned(Path temp, Duration after) {
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(temp, PREFIX + "*")) {
            for (Path directory : directories) {
                if (Files.getLastModifiedTime(directory).toInstant().plus(after).isBefore(Instant.now())
                        && ownerGone(directory)) {
                    FileSystemProxyInstallationAdapter.deleteTree(directory);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // Left for the next JVM, or the OS's temp cleaner.
        }
    }

    private static boolean ownerGone(Path directory) {
        FileChannel owner = null;
        try {
            owner = FileChannel.open(directory.resolve(OWNER), StandardOpenOption.WRITE);
            FileLock lock = owner.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException heldByThisJvm) {
            // Another copy of this class (another class loader) owns it. Closing any descriptor of a file drops every
            // POSIX lock the process holds on it, so this one is kept open, and reachable, for the JVM's life.
            KEPT_OPEN.add(owner);
            owner = null;
            return false;
        } catch (NoSuchFileException noOwner) {
            return true; // made before its owner took the lock, and older than that takes
        } catch (IOException stillHeld) {
            return false;
        } finally {
            closeQuietly(owner);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
        }
    }

    /** Follows the entries of {@code realDirectory} (a real path); empty when the OS refuses another watch. */
    Optional<Subscription> subscribe(Path realDirectory) {
        lock.lock();
        try {
            WatchKey key = register(realDirectory);
            Subscription subscription = new Subscription(key);
            subscribers.computeIfAbsent(key, k -> new ArrayList<>()).add(subscription);
            return Optional.of(subscription);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "cannot watch {0}, it is read on every listing: {1}", realDirectory,
                    e.toString());
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every event of a change made before this call is in its subscription. False when that could not
     * be told (the events did not come in time, or the thread was interrupted): the caller reads the directory.
     */
    boolean catchUp() {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        lock.lock();
        try {
            if (broken) {
                return false;
            }
            long mine = ++signalled;
            signal(mine);
            while (delivered < mine) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    broken = true;
                    LOG.log(System.Logger.Level.WARNING, "directory events did not come within {0}; listings read"
                            + " their directory from now on", CATCH_UP_LIMIT);
                    return false;
                }
                if (consuming) {
                    progress.awaitNanos(remaining);
                } else {
                    consume(remaining);
                }
            }
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "directory catch-up failed: {0}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Takes one key's events from the service (waiting up to {@code nanos}), outside the lock; the lock is held. */
    private void consume(long nanos) throws InterruptedException {
        consuming = true;
        lock.unlock();
        WatchKey key = null;
        try {
            key = service.poll(nanos, TimeUnit.NANOSECONDS);
        } finally {
            lock.lock();
            consuming = false;
            if (key != null) {
                dispatch(key);
            }
            progress.signalAll();
        }
    }

    /** Hands a key's events to its subscriptions, or counts the rounds it tells of. */
    private void dispatch(WatchKey key) {
        List<WatchEvent<?>> events = key.pollEvents();
        boolean valid = key.reset();
        if (key == sentinelKey) {
            for (WatchEvent<?> event : events) {
                if (event.context() instanceof Path name && name.toString().startsWith(ROUND)) {
                    delivered = Math.max(delivered, round(name.toString()));
                }
            }
            if (!valid) {
                sentinelKey = null; // the directory was removed; the next signal makes it again
            }
            return;
        }
        List<Subscription> listening = valid ? subscribers.getOrDefault(key, List.of()) : subscribers.remove(key);
        if (listening != null) {
            listening.forEach(subscription -> subscription.add(events, valid));
        }
    }

    private static long round(String name) {
        try {
            return Long.parseLong(name.substring(ROUND.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Renames the sentinel to round {@code n}: its event, once taken, tells that round has caught up. */
    private void signal(long n) throws IOException {
        Path next = sentinelDirectory.resolve(ROUND + n);
        try {
            Files.move(sentinel, next);
        } catch (NoSuchFileException removed) {
            // A temp cleaner removed it: make it again (its creation is the round's event).
            Files.createDirectories(sentinelDirectory);
            if (sentinelKey == null || !sentinelKey.isValid()) {
                sentinelKey = register(sentinelDirectory);
            }
            Files.createFile(next);
        }
        sentinel = next;
    }

    private WatchKey register(Path directory) throws IOException {
        return directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
    }

    private void removeSentinel() {
        lock.lock();
        try {
            Files.deleteIfExists(sentinel);
        } catch (IOException e) {
            // left in the temp directory: harmless
        } finally {
            lock.unlock();
        }
    }

    /** What a subscription heard since it was last drained. */
    record Pending(Set<String> names, boolean overflow, boolean invalid) {
    }

    /** One listener's view of one directory's events. */
    final class Subscription implements AutoCloseable {

        private final WatchKey key;
        /** Guarded by the watch's lock, as are the fields below. */
        private Set<String> names = new LinkedHashSet<>();
        private boolean overflow;
        private boolean invalid;

        private Subscription(WatchKey key) {
            this.key = key;
        }

        /** The names whose entries changed (created, deleted, written) since the last drain, and whether more did. */
        Pending drain() {
            lock.lock();
            try {
                Pending pending = new Pending(names, overflow, invalid);
                names = new LinkedHashSet<>();
                overflow = false;
                return pending;
            } finally {
                lock.unlock();
            }
        }

        private void add(List<WatchEvent<?>> events, boolean valid) {
            for (WatchEvent<?> event : events) {
                if (overflow) {
                    break; // the whole directory is read again anyway
                }
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || names.size() >= MAX_PENDING_NAMES) {
                    overflow = true;
                    names.clear();
                } else if (event.context() instanceof Path name) {
                    names.add(name.toString());
                }
            }
            invalid |= !valid;
        }

        /** Stops listening; the directory's watch ends with its last subscription. */
        @Override
        public void close() {
            lock.lock();
            try {
                List<Subscription> listening = subscribers.get(key);
                if (listening != null && listening.remove(this) && listening.isEmpty()) {
                    subscribers.remove(key);
                    key.cancel();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
