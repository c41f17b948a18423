package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/<backend>/versions/<version>/}: staging, promoting with the replaced binary kept and named as the
 * previous version, pruning all but the newest few (never the current nor the previous one), and the leftovers of a
 * crash removed by the next install.
 */
class FileSystemProxyInstallationAdapterTest {

    private static final Backend BACKEND = Backend.ORIGINAL;

    @TempDir
    Path temp;

    private CcsLayout layout() {
        return new CcsLayout(temp);
    }

    private FileSystemProxyInstallationAdapter installation() {
        return new FileSystemProxyInstallationAdapter(layout(), new FileSystemInstalledVersionAdapter(layout()));
    }

    private Path versions() {
        return layout().binaryDirectory(BACKEND).resolve("versions");
    }

    private Path binary() {
        return layout().defaultBinary(BACKEND);
    }

    /** Stages {@code version} with a binary holding {@code content}, as an install does after extracting. */
    private Path stage(String version, String content) throws IOException {
        Path staging = installation().newStagingDirectory(BACKEND);
        Path extracted = Files.writeString(staging.resolve("extracted"), content);
        return installation().stage(BACKEND, version, staging, extracted);
    }

    private void currentBinary(String content, String recordedVersion) throws IOException {
        Files.createDirectories(binary().getParent());
        Files.writeString(binary(), content);
        Path version = binary().resolveSibling(".version");
        if (recordedVersion == null) {
            Files.deleteIfExists(version);
        } else {
            Files.writeString(version, recordedVersion + "\n");
        }
    }

    private String kept(String label) throws IOException {
        return Files.readString(versions().resolve(label).resolve(BACKEND.binaryName()));
    }

    private List<String> children(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStagingDirectoryIsPrivateAndEmptyAndTheLeftoversOfACrashAreRemoved() throws IOException {
        Files.createDirectories(versions().resolve(".staging-old"));
        Files.writeString(versions().resolve(".staging-old").resolve("part"), "x");
        Files.createDirectories(versions().resolve(".stage-old"));
        Files.writeString(binary().resolveSibling("." + BACKEND.binaryName() + ".new-old"), "half");
        Files.createDirectories(versions().resolve("6.9.1"));

        Path staging = installation().newStagingDirectory(BACKEND);

        assertEquals(versions(), staging.getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(staging)));
        assertEquals(List.of(), children(staging));
        assertEquals(List.of(staging.getFileName().toString(), "6.9.1"), children(versions()));
        assertEquals(List.of("versions"), children(binary().getParent()));
    }

    @Test
    void stagingMovesTheBinaryIntoItsVersionsFolderExecutableAndReplacesAnEarlierCopy() throws IOException {
        Path first = stage("6.9.2", "first");
        Path second = stage("6.9.2", "second");

        assertEquals(versions().resolve("6.9.2").resolve(BACKEND.binaryName()), second);
        assertEquals(first, second);
        assertEquals("second", Files.readString(second));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(second)));
        assertEquals(List.of(BACKEND.binaryName()), children(second.getParent()));
        assertEquals(List.of("6.9.2"), children(versions()), "the staging folders are gone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../6.9.2", "v6.9.2", " 6.9.2", "latest", "6.9.2/.."})
    void aVersionThatCouldNameAnotherPlaceIsRefused(String version) throws IOException {
        Path staging = installation().newStagingDirectory(BACKEND);
        Path extracted = Files.writeString(staging.resolve("extracted"), "x");
        assertThrows(IllegalArgumentException.class, () -> installation().stage(BACKEND, version, staging, extracted));
        assertThrows(IllegalArgumentException.class, () -> installation().promote(BACKEND, version));
    }

    @Test
    void aFirstPromoteInstallsTheBinaryAndRecordsItsVersionWithNothingPrevious() throws IOException {
        stage("6.9.2", "new");

        assertEquals(Optional.empty(), installation().promote(BACKEND, "6.9.2"));

        assertEquals("new", Files.readString(binary()));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(binary())));
        assertEquals("6.9.2", Files.readString(binary().resolveSibling(".version")));
        assertFalse(Files.exists(binary().resolveSibling(".version-previous")));
        assertEquals(Optional.empty(), installation().previousVersion(BACKEND));
        assertEquals(List.of(".version", BACKEND.binaryName(), "versions"), children(binary().getParent()));
    }

    @Test
    void aPromotedBinaryIsExecutableWhateverModeItsStagedCopyHas() throws IOException {
        Path staged = stage("6.9.2", "new");
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));

        installation().promote(BACKEND, "6.9.2");

        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(binary())));
    }

    @Test
    void promotingKeepsTheReplacedBinaryAndNamesItsVersionAsThePreviousOne() throws IOException {
        currentBinary("old", "v6.9.1");
        stage("6.9.2", "new");

        assertEquals(Optional.of("6.9.1"), installation().promote(BACKEND, "6.9.2"));

        assertEquals("new", Files.readString(binary()));
        assertEquals("old", kept("6.9.1"));
        assertEquals("6.9.2", Files.readString(binary().resolveSibling(".version")));
        assertEquals(Optional.of("6.9.1"), installation().previousVersion(BACKEND));

        assertEquals(Optional.of("6.9.2"), installation().promote(BACKEND, "6.9.1"), "a rollback");
        assertEquals("old", Files.readString(binary()));
        assertEquals(Optional.of("6.9.2"), installation().previousVersion(BACKEND));
    }

    @Test
    void aKeptCopyOfTheReplacedVersionIsNotOverwrittenButAnUnrecordedOneIs() throws IOException {
        stage("6.9.1", "kept before");
        currentBinary("changed since", "6.9.1");
        stage("6.9.2", "new");
        installation().promote(BACKEND, "6.9.2");
        assertEquals("kept before", kept("6.9.1"));

        stage("6.9.3", "newer");
        currentBinary("someone else's", null);
        Files.createDirectories(versions().resolve("unrecorded"));
        Files.writeString(versions().resolve("unrecorded").resolve(BACKEND.binaryName()), "an older unknown");
        assertEquals(Optional.empty(), installation().promote(BACKEND, "6.9.3"));
        assertEquals("someone else's", kept("unrecorded"));
        assertEquals(List.of("6.9.1", "6.9.2", "6.9.3", "unrecorded"), children(versions()), "nothing set aside stays");
        assertEquals(Optional.of("unrecorded"), installation().previousVersion(BACKEND));
    }

    @Test
    void aVersionFileThatNamesNoVersionCountsAsUnrecorded() throws IOException {
        currentBinary("mystery", "nightly build");
        stage("6.9.2", "new");

        assertEquals(Optional.empty(), installation().promote(BACKEND, "6.9.2"));
        assertEquals("mystery", kept("unrecorded"));

        assertEquals(Optional.of("6.9.2"), installation().promote(BACKEND, "unrecorded"));
        assertEquals("mystery", Files.readString(binary()));
        assertFalse(Files.exists(binary().resolveSibling(".version")), "an unrecorded binary has no .version");
    }

    @Test
    void promotingTheVersionAlreadyRunningKeepsNothingAndNamesNoPrevious() throws IOException {
        stage("6.9.2", "fresh copy");
        currentBinary("running", "6.9.2");

        assertEquals(Optional.empty(), installation().promote(BACKEND, "6.9.2"));

        assertEquals("fresh copy", Files.readString(binary()));
        assertEquals("fresh copy", kept("6.9.2"));
        assertFalse(Files.exists(binary().resolveSibling(".version-previous")));
    }

    @Test
    void aVersionThatIsNotStagedIsNotPromotedAndNothingChanges() throws IOException {
        currentBinary("running", "6.9.1");

        assertThrows(StorageException.class, () -> installation().promote(BACKEND, "6.9.2"));

        assertEquals("running", Files.readString(binary()));
        assertEquals("6.9.1\n", Files.readString(binary().resolveSibling(".version")));
        assertFalse(Files.exists(versions()));
    }

    @Test
    void thePreviousVersionIsOnlyOneWhoseCopyIsStillThere() throws IOException {
        Path previous = Files.createDirectories(layout().binaryDirectory(BACKEND)).resolve(".version-previous");
        assertEquals(Optional.empty(), installation().previousVersion(BACKEND), "no file");

        Files.writeString(previous, " 6.9.1\n");
        assertEquals(Optional.empty(), installation().previousVersion(BACKEND), "its copy is gone");

        stage("6.9.1", "old");
        assertEquals(Optional.of("6.9.1"), installation().previousVersion(BACKEND));

        Files.writeString(previous, "../6.9.1");
        assertEquals(Optional.empty(), installation().previousVersion(BACKEND), "not a version");

        Files.writeString(previous, "6.9.1" + " ".repeat(256 - 5));
        assertEquals(Optional.of("6.9.1"), installation().previousVersion(BACKEND), "256 bytes can hold a version");

        Files.writeString(previous, "6.9.1" + " ".repeat(256 - 4));
        assertEquals(Optional.empty(), installation().previousVersion(BACKEND), "too long to be a version");
    }

    @Test
    void pruningKeepsTheNewestFewBesidesTheCurrentAndThePreviousVersion() throws IOException {
        for (String version : List.of("6.9.1", "6.9.2", "6.9.3", "6.9.4", "6.9.5", "6.9.6")) {
            stage(version, version);
        }
        currentBinary("old", "6.9.0");
        installation().promote(BACKEND, "6.9.1");
        // Oldest staged first: 6.9.0 (kept by the promote, the previous one) is the newest folder, so dated by hand.
        long minute = 60_000;
        List<String> byAge = List.of("6.9.0", "6.9.1", "6.9.2", "6.9.3", "6.9.4", "6.9.5", "6.9.6");
        for (int i = 0; i < byAge.size(); i++) {
            Files.setLastModifiedTime(versions().resolve(byAge.get(i)), FileTime.fromMillis(minute * (i + 1)));
        }
        Files.createDirectories(versions().resolve(".staging-left"));
        Files.createDirectories(versions().resolve("notes"));

        installation().prune(BACKEND, 4);

        assertEquals(List.of("6.9.0", "6.9.1", "6.9.5", "6.9.6", "notes"), children(versions()));

        installation().prune(BACKEND, 1);
        assertEquals(List.of("6.9.0", "6.9.1", "notes"), children(versions()), "the current and previous stay");
    }

    @Test
    void pruningWithoutAnyVersionsFolderDoesNothing() {
        installation().prune(BACKEND, 2);
        assertFalse(Files.exists(versions()));
    }
}
