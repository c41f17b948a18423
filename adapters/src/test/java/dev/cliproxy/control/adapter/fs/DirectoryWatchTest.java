package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {

    @TempDir
    Path temp;

    @Test
    void aKilledJvmsPrivateDirectoryIsRemovedByTheNextOneAndNoLiveOnes() throws IOException {
        Path abandoned = privateDirectory("abandoned", Duration.ofMinutes(5));
        Path young = privateDirectory("young", Duration.ZERO);
        Path held = privateDirectory("held", Duration.ofMinutes(5));
        Path ownerless = privateDirectory("ownerless", Duration.ofMinutes(5));
        Files.delete(ownerless.resolve(".owner"));
        Files.setLastModifiedTime(ownerless, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path other = Files.createDirectories(temp.resolve("someone-else"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        try (FileChannel owner = FileChannel.open(held.resolve(".owner"), StandardOpenOption.WRITE)) {
            owner.lock(); // a JVM that still runs
            Files.setLastModifiedTime(held, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

            DirectoryWatch.removeAbandoned(temp, DirectoryWatch.ABANDONED_AFTER);
        }

        assertFalse(Files.exists(abandoned), "its owner's lock was free and it had not changed for a minute");
        assertFalse(Files.exists(ownerless), "an owner would have made its file within the minute");
        assertTrue(Files.exists(young), "being made: its owner may not hold the lock yet");
        assertTrue(Files.exists(held), "its owner lives");
        assertTrue(Files.exists(other), "not ours");
    }

    @Test
    void aDirectoryWhoseLockThisJvmHoldsKeepsThatLockThroughAnotherCopysCleanUp() throws IOException {
        // As a second copy of the library (another class loader) would find the first's directory.
        Path live = privateDirectory("live", Duration.ofMinutes(5));
        try (FileChannel owner = FileChannel.open(live.resolve(".owner"), StandardOpenOption.WRITE)) {
            owner.lock();
            Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            String liveInode = inode(live.resolve(".owner"));

            DirectoryWatch.removeAbandoned(temp, DirectoryWatch.ABANDONED_AFTER);

            assertTrue(Files.exists(live), "its owner runs");
            assertTrue(locksHeldByThisJvm().contains(liveInode),
                    "the clean-up closed the owner file, which dropped this JVM's lock on it");
        }
    }

    @Test
    void theSharedWatchHoldsTheLockOfItsOwnDirectoryThroughACollection() throws IOException {
        assertTrue(DirectoryWatch.shared().isPresent());
        assertTrue(DirectoryWatch.shared().get().catchUp());
        // A lock whose channel nobody keeps: once collected, the channel's cleaner closes it, which releases the lock.
        Path dropped = temp.resolve("dropped");
        FileChannel.open(dropped, StandardOpenOption.CREATE, StandardOpenOption.WRITE).lock();
        String droppedInode = inode(dropped);
        assertTrue(locksHeldByThisJvm().contains(droppedInode));
        Await.until(() -> {
            System.gc();
            return !locksHeldByThisJvm().contains(droppedInode);
        }, "a collection and the dropped channel's cleaner");

        int heldHere = 0;
        Set<String> held = locksHeldByThisJvm();
        try (var directories = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "cliproxy-control-watch-*")) {
            for (Path directory : directories) {
                try {
                    if (held.contains(inode(directory.resolve(".owner")))) {
                        heldHere++;
                    }
                } catch (IOException goneOrNoOwnerFile) {
                    // another JVM's, removed or being made meanwhile
                }
            }
        }
        assertEquals(1, heldHere, "this JVM holds its own directory's lock, so no other JVM removes it");
    }

    private static String inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino").toString();
    }

    /**
     * The inodes of the files this JVM holds a POSIX lock on, read off the kernel's table: opening a locked file here
     * to try its lock would, on closing, release the JVM's lock on it (POSIX record locks belong to the process, and
     * any close drops them).
     */
    private static Set<String> locksHeldByThisJvm() {
        Path kernelLocks = Path.of("/proc/locks");
        assumeTrue(Files.isReadable(kernelLocks), "no /proc/locks on this system");
        String pid = Long.toString(ProcessHandle.current().pid());
        Set<String> inodes = new HashSet<>();
        try {
            for (String line : Files.readAllLines(kernelLocks)) {
                String[] fields = line.trim().split("\\s+"); // "1: POSIX ADVISORY WRITE <pid> <maj:min:inode> 0 EOF"
                if (fields.length >= 6 && fields[1].equals("POSIX") && fields[4].equals(pid)) {
                    inodes.add(fields[5].substring(fields[5].lastIndexOf(':') + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    private Path privateDirectory(String name, Duration age) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("cliproxy-control-watch-" + name));
        Files.writeString(directory.resolve(".owner"), "");
        Files.writeString(directory.resolve("round-7"), "");
        Files.setLastModifiedTime(directory, FileTime.from(Instant.now().minus(age)));
        return directory;
    }
}
