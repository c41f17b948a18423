package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemVersionCacheAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CHECKED = Instant.ofEpochMilli(1_795_000_000_123L);

    @TempDir
    Path ccs;

    private CcsLayout layout() {
        return new CcsLayout(ccs);
    }

    @Test
    void latestIsWrittenInTheClisFormatBesideTheBackendsBinaryAndReadBack() throws IOException {
        FileSystemVersionCacheAdapter cache = new FileSystemVersionCacheAdapter(layout());
        CachedLatestRelease entry = new CachedLatestRelease("6.9.10-1", CHECKED, Optional.of("kaitranntt/CLIProxyAPIPlus"));

        cache.writeLatest(Backend.PLUS, entry);

        Path file = ccs.resolve("cliproxy/bin/plus/.version-cache.json");
        JsonNode written = JSON.readTree(file.toFile());
        assertEquals("6.9.10-1", written.get("latestVersion").asText());
        assertEquals(CHECKED.toEpochMilli(), written.get("checkedAt").asLong());
        assertEquals("kaitranntt/CLIProxyAPIPlus", written.get("repo").asText());
        assertEquals(Optional.of(entry), cache.readLatest(Backend.PLUS));
        assertEquals(Optional.empty(), cache.readLatest(Backend.ORIGINAL));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void aFailedWriteSaysWhyWithoutALocalPath() throws IOException {
        Files.createDirectories(ccs.resolve("cliproxy/bin/original/.version-cache.json/x"));
        StorageException failed = assertThrows(StorageException.class, () -> new FileSystemVersionCacheAdapter(layout())
                .writeLatest(Backend.ORIGINAL, new CachedLatestRelease("6.9.10", CHECKED, Optional.empty())));
        assertEquals("Failed to write release cache", failed.error());
        assertFalse(failed.detail().orElseThrow().contains(ccs.toString()), failed.detail().orElseThrow());
    }

    @Test
    void readsWhatTheCliWroteAndIgnoresWhatIsNotACache() throws IOException {
        Path directory = Files.createDirectories(ccs.resolve("cliproxy/bin/original"));
        Path file = directory.resolve(".version-cache.json");
        FileSystemVersionCacheAdapter cache = new FileSystemVersionCacheAdapter(layout());

        Files.writeString(file, "{\"latestVersion\":\"6.9.45\",\"checkedAt\":1795000000123}");
        assertEquals(Optional.of(new CachedLatestRelease("6.9.45", CHECKED, Optional.empty())),
                cache.readLatest(Backend.ORIGINAL));

        for (String junk : List.of("", "not json", "[]", "{\"latestVersion\":\"6.9.45\"}",
                "{\"latestVersion\":6,\"checkedAt\":1}", "{\"latestVersion\":\"latest\",\"checkedAt\":1}",
                "{\"latestVersion\":\"6.9.45\",\"checkedAt\":\"yesterday\"}")) {
            Files.writeString(file, junk);
            assertEquals(Optional.empty(), cache.readLatest(Backend.ORIGINAL), junk);
        }
    }

    @Test
    void releaseListKeepsTheClisFieldsAndOurPrereleaseMarks() throws IOException {
        FileSystemVersionCacheAdapter cache = new FileSystemVersionCacheAdapter(layout());
        ReleaseList list = new ReleaseList(List.of(
                Release.ofTag("v6.9.11", true, Optional.of(Instant.ofEpochMilli(5))).orElseThrow(),
                Release.ofTag("v6.9.10", false, Optional.empty()).orElseThrow()));
        CachedReleaseList entry = new CachedReleaseList(list, CHECKED, Optional.of("router-for-me/CLIProxyAPI"));

        cache.writeReleases(Backend.ORIGINAL, entry);

        JsonNode written = JSON.readTree(ccs.resolve("cliproxy/bin/original/.version-list-cache.json").toFile());
        assertEquals("[\"6.9.11\",\"6.9.10\"]", written.get("versions").toString());
        assertEquals("6.9.10", written.get("latestStable").asText());
        assertEquals("6.9.11", written.get("latest").asText());
        assertEquals(CHECKED.toEpochMilli(), written.get("checkedAt").asLong());
        assertEquals(Optional.of(entry), cache.readReleases(Backend.ORIGINAL));
    }

    @Test
    void aListTheCliWroteMarksWhatIsNewerThanItsLatestStableAsPrerelease() throws IOException {
        Path directory = Files.createDirectories(ccs.resolve("cliproxy/bin/original"));
        Files.writeString(directory.resolve(".version-list-cache.json"), """
                {"versions":["6.9.12","6.9.11","6.9.10","junk"],"latestStable":"6.9.11","latest":"6.9.12",
                 "checkedAt":1795000000123}""");

        CachedReleaseList read = new FileSystemVersionCacheAdapter(layout()).readReleases(Backend.ORIGINAL)
                .orElseThrow();

        List<Release> releases = read.releases().releases();
        assertEquals(List.of("6.9.12", "6.9.11", "6.9.10"), releases.stream().map(Release::version).toList());
        assertTrue(releases.get(0).prerelease());
        assertFalse(releases.get(1).prerelease());
        assertEquals(Optional.empty(), read.repository());
        assertEquals(CHECKED, read.checkedAt());
    }

    @Test
    void installedVersionIsTheTrimmedVersionFileWhenThereIsOne() throws IOException {
        FileSystemInstalledVersionAdapter installed = new FileSystemInstalledVersionAdapter(layout());
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.ORIGINAL));

        Path file = Files.createDirectories(ccs.resolve("cliproxy/bin/original")).resolve(".version");
        Files.writeString(file, "  6.9.45\n");
        assertEquals(Optional.of("6.9.45"), installed.recordedVersion(Backend.ORIGINAL));
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.PLUS));

        Files.writeString(file, " \n");
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.ORIGINAL));
        Files.writeString(file, "9".repeat(10_000));
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.ORIGINAL));
    }
}
