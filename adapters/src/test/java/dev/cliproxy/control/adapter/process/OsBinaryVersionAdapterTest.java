package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: small shell scripts standing in for the proxy binary. */
class OsBinaryVersionAdapterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private final OsBinaryVersionAdapter adapter = new OsBinaryVersionAdapter();

    @BeforeEach
    void posixOnly() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the stand-in binaries are shell scripts");
    }

    @Test
    void readsTheVersionFromTheBannerLine() throws IOException {
        Path binary = script("cli-proxy-api", """
                echo 'CLIProxyAPI Version: 6.9.6, Commit: abc1234, BuiltAt: 2026-11-01T00:00:00Z'
                echo 'Usage of cli-proxy-api:' >&2
                exit 0""");

        assertEquals(Optional.of("6.9.6"), adapter.reportedVersion(binary, TIMEOUT));
    }

    @Test
    void givesWhatThePlusBuildAndSourceBuildsPrint() throws IOException {
        assertEquals(Optional.of("6.6.9-0-plus"), adapter.reportedVersion(script("plus",
                "echo 'CLIProxyAPI Version: 6.6.9-0-plus, Commit: x, BuiltAt: y'"), TIMEOUT));
        assertEquals(Optional.of("dev"), adapter.reportedVersion(script("dev",
                "echo 'CLIProxyAPI Version: dev, Commit: none, BuiltAt: unknown'"), TIMEOUT));
        assertEquals(Optional.empty(), adapter.reportedVersion(script("other", "echo 'hello'"), TIMEOUT));
        assertEquals(Optional.empty(), adapter.reportedVersion(script("silent", "exit 3"), TIMEOUT));
    }

    @Test
    void missingOrNotExecutableBinariesHaveNoVersion() throws IOException {
        assertEquals(Optional.empty(), adapter.reportedVersion(directory.resolve("absent"), TIMEOUT));
        Path plain = Files.writeString(directory.resolve("plain"), "echo 'CLIProxyAPI Version: 1.2.3'\n");
        assertEquals(Optional.empty(), adapter.reportedVersion(plain, TIMEOUT));
        assertEquals(Optional.empty(), adapter.reportedVersion(directory, TIMEOUT));
    }

    @Test
    void aBinaryThatPrintsNothingInTimeIsKilled() throws IOException {
        Path pidFile = directory.resolve("pid");
        Path binary = script("hang", "echo $$ > '" + pidFile + "'\nexec sleep 120");

        long start = System.nanoTime();
        assertEquals(Optional.empty(), adapter.reportedVersion(binary, Duration.ofMillis(500)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0);

        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Await.until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the stuck binary to be killed");
    }

    @Test
    void asksAgainOnlyWhenTheBinaryChanges() throws IOException {
        Path runs = directory.resolve("runs");
        Path binary = script("counted", "echo run >> '" + runs + "'\necho 'CLIProxyAPI Version: 6.9.6, Commit: a'");

        assertEquals(Optional.of("6.9.6"), adapter.reportedVersion(binary, TIMEOUT));
        assertEquals(Optional.of("6.9.6"), adapter.reportedVersion(binary, TIMEOUT));
        assertEquals(1, Files.readAllLines(runs).size());

        Files.writeString(binary, "#!/bin/sh\necho run >> '" + runs + "'\necho 'CLIProxyAPI Version: 6.9.7, Commit: b'\n");
        Files.setLastModifiedTime(binary, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(Optional.of("6.9.7"), adapter.reportedVersion(binary, TIMEOUT));
        assertEquals(2, Files.readAllLines(runs).size());
    }

    @Test
    void aBannerWithoutLineEndIsReadToTheEndOfTheOutput() throws IOException {
        assertEquals(Optional.of("6.9.10"), adapter.reportedVersion(script("no-newline",
                "printf 'CLIProxyAPI Version: 6.9.10, Commit: x'"), TIMEOUT));
    }

    @Test
    void onlyTheFirst1024CharactersOfTheBannerLineAreLookedAt() throws IOException {
        // "Version: 1" ends at character 1,024 in the first binary and at 1,025 in the second.
        assertEquals(Optional.of("1"), adapter.reportedVersion(script("at-limit",
                "printf '%s' '" + "x".repeat(1014) + "'; echo 'Version: 1'"), TIMEOUT));
        assertEquals(Optional.empty(), adapter.reportedVersion(script("past-limit",
                "printf '%s' '" + "x".repeat(1015) + "'; echo 'Version: 1'"), TIMEOUT));
    }

    @Test
    void whatTheBinaryStartedDoesNotOutliveTheQuestion() throws IOException {
        Path pidFile = directory.resolve("child-pid");
        Path binary = script("spawning", "sleep 120 &\necho $! > '" + pidFile + "'\n"
                + "echo 'CLIProxyAPI Version: 6.9.6, Commit: a'\nwait");

        assertEquals(Optional.of("6.9.6"), adapter.reportedVersion(binary, TIMEOUT));

        long child = Long.parseLong(Files.readString(pidFile).strip());
        Await.until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                "the binary's child to be killed");
    }

    private Path script(String name, String body) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
