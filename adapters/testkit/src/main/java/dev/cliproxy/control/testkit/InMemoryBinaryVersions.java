package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.port.BinaryVersionPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proxy executables in memory and what {@code <binary> -h} prints as its banner. As the real adapter: a binary that
 * is not installed, prints no banner, or prints it later than the caller waits reports nothing, and nothing throws.
 */
public final class InMemoryBinaryVersions implements BinaryVersionPort {

    /** What one installed binary does when asked: its banner's version (none when it prints no banner), and when. */
    private record Binary(Optional<String> version, Duration answersAfter) {
    }

    private final Map<Path, Binary> binaries = new ConcurrentHashMap<>();

    /**
     * Installs a binary whose banner reports {@code version}. A banner ends the version at a comma or a space, so
     * such a version cannot be printed and is refused.
     */
    public void install(Path binary, String version) {
        install(binary, version, Duration.ZERO);
    }

    /** Installs a binary that prints its banner only after {@code answersAfter} (a slow disk, a busy machine). */
    public void install(Path binary, String version, Duration answersAfter) {
        if (version.isBlank() || version.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a banner cannot print the version \"" + version + "\"");
        }
        binaries.put(key(binary), new Binary(Optional.of(version), Objects.requireNonNull(answersAfter)));
    }

    /** Installs an executable that prints no banner (another program under the proxy's name). */
    public void installWithoutBanner(Path binary) {
        binaries.put(key(binary), new Binary(Optional.empty(), Duration.ZERO));
    }

    public void remove(Path binary) {
        binaries.remove(key(binary));
    }

    @Override
    public Optional<String> reportedVersion(Path binary, Duration timeout) {
        Binary installed = binaries.get(key(binary));
        if (installed == null || installed.answersAfter().compareTo(timeout) > 0) {
            return Optional.empty();
        }
        return installed.version();
    }

    /** The real adapter asks the file a path resolves to: {@code bin/../bin/x} is {@code bin/x}. */
    private static Path key(Path binary) {
        return binary.toAbsolutePath().normalize();
    }
}
