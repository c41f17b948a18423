package dev.cliproxy.control.adapter.process;

import dev.cliproxy.control.domain.port.BinaryVersionPort;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code <binary> -h}, which prints {@code CLIProxyAPI Version: <ver>, Commit: ..., BuiltAt: ...} as its first
 * line and exits without starting a server, and reads only that line. The run is bounded: a binary that prints
 * nothing in time is killed with its children. Answers are remembered while the binary file stays the same.
 */
public final class OsBinaryVersionAdapter implements BinaryVersionPort {

    private static final Pattern BANNER = Pattern.compile("Version:\\s*([^,\\s]+)");
    /** A banner line is short; reading stops here whatever the binary prints. */
    private static final int MAX_LINE_CHARS = 1024;

    private final ConcurrentMap<Path, Known> known = new ConcurrentHashMap<>();

    @Override
    public Optional<String> reportedVersion(Path binary, Duration timeout) {
        Path path = binary.toAbsolutePath().normalize();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile() || !Files.isExecutable(path)) {
            return Optional.empty();
        }
        Known cached = known.get(path);
        if (cached != null && cached.sameFile(attributes)) {
            return cached.version();
        }
        Optional<Optional<String>> asked = ask(path, timeout);
        // Only an answer the binary actually gave is remembered; a timeout may pass on a less busy machine.
        asked.ifPresent(version -> known.put(path,
                new Known(attributes.lastModifiedTime(), attributes.size(), version)));
        return asked.flatMap(version -> version);
    }

    /** The version in the first line; the outer empty means the binary gave no line in time. */
    private static Optional<Optional<String>> ask(Path binary, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "-h")
                    .directory(binary.getParent().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        CompletableFuture<Optional<String>> firstLine = CompletableFuture.supplyAsync(
                () -> readFirstLine(process.getInputStream()), command -> Thread.ofVirtual().start(command));
        try {
            Optional<String> line = firstLine.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.of(line.flatMap(OsBinaryVersionAdapter::versionIn));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            // The rest of the output is not needed; -h has exited by now or is stuck.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            closeQuietly(process.getInputStream());
        }
    }

    static Optional<String> versionIn(String line) {
        Matcher matcher = BANNER.matcher(line);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> readFirstLine(InputStream output) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1 && c != '\n' && line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            }
            return line.isEmpty() && c == -1 ? Optional.empty() : Optional.of(line.toString().strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The process is gone; nothing more will be read.
        }
    }

    /** What a binary file said, and how to tell that it is still the same file. */
    private record Known(FileTime modified, long size, Optional<String> version) {
        boolean sameFile(BasicFileAttributes attributes) {
            return modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }
}
