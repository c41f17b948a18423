package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.testkit.InMemoryBinaryVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's binaries report what real ones (shell scripts printing the banner) report. */
class BinaryVersionFakeIsHonestTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void aBannerAnAbsentBinaryAndASilentOneReadAlike() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the stand-in binaries are shell scripts");
        OsBinaryVersionAdapter real = new OsBinaryVersionAdapter();
        InMemoryBinaryVersions fake = new InMemoryBinaryVersions();
        for (String version : List.of("6.9.6", "6.6.9-0-plus", "dev", "v7.0.0-rc.1")) {
            Path binary = script(version, "echo 'CLIProxyAPI Version: " + version + ", Commit: abc, BuiltAt: x'");
            fake.install(binary, version);
            assertEquals(real.reportedVersion(binary, TIMEOUT), fake.reportedVersion(binary, TIMEOUT), version);
        }
        Path silent = script("silent", "echo 'Usage of cli-proxy-api:'");
        fake.installWithoutBanner(silent);
        assertEquals(real.reportedVersion(silent, TIMEOUT), fake.reportedVersion(silent, TIMEOUT));
        Path absent = directory.resolve("absent");
        assertEquals(real.reportedVersion(absent, TIMEOUT), fake.reportedVersion(absent, TIMEOUT));
    }

    private Path script(String name, String body) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
