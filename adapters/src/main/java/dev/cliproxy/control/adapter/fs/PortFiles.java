package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The ports that files of one kind in {@code cliproxy/} stand for ({@code config-<port>.yaml}, {@code sessions-<port>.json}). */
final class PortFiles {

    private PortFiles() {
    }

    /**
     * The ports {@code portOf} reads from the names of the regular files (links not followed) in {@code directory};
     * empty when it does not exist or cannot be listed.
     */
    static Set<Integer> ports(Path directory, Function<String, OptionalInt> portOf) {
        Set<Integer> ports = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                OptionalInt port = portOf.apply(entry.getFileName().toString());
                if (port.isPresent() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    ports.add(port.getAsInt());
                }
            }
        } catch (IOException e) {
            // No directory yet, or an unreadable one: no port is known from it.
        }
        return ports;
    }
}
