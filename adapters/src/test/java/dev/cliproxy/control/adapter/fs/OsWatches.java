package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The inotify watches this JVM holds, as Linux lists them in {@code /proc/self/fdinfo}: what the OS itself still
 * follows, whatever the JDK's watch keys say.
 */
final class OsWatches {

    private static final Path DESCRIPTORS = Path.of("/proc/self/fd");
    private static final Path DESCRIPTOR_INFO = Path.of("/proc/self/fdinfo");

    private OsWatches() {
    }

    /** Whether this system lists them. */
    static boolean countable() {
        return Files.isDirectory(DESCRIPTOR_INFO);
    }

    /** How many of this JVM's inotify watches are on {@code directory}'s inode. */
    static long on(Path directory) throws IOException {
        String inode = " ino:" + Long.toHexString((Long) Files.getAttribute(directory, "unix:ino")) + " ";
        long count = 0;
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(DESCRIPTORS)) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().equals("anon_inode:inotify")) {
                        count += Files.readAllLines(DESCRIPTOR_INFO.resolve(descriptor.getFileName())).stream()
                                .filter(line -> line.startsWith("inotify wd:") && line.contains(inode))
                                .count();
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // another thread's descriptor, closed while listed
                }
            }
        }
        return count;
    }
}
