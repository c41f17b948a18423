package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports, removals and restores against real files: hostile entries, links, and other writers at the same time. */
class FileSystemAccountFilesAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2026-11-01T08:00:00Z"));

    @TempDir
    Path root;

    private CcsLayout layout() {
        return new CcsLayout(root.resolve("ccs"));
    }

    private FileSystemAccountFilesAdapter files() {
        return new FileSystemAccountFilesAdapter(layout(), QuotaProvider.builtIn());
    }

    @Test
    void anImportIsWrittenWholeAsGivenOwnerOnlyInAPrivateDirectory() throws IOException {
        String json = "{\"type\":\"codex\",\n \"email\":\"a@b.c\",\"access_token\":\"SECRET\","
                + "\"expired\":\"2026-12-01T10:00:00Z\"}";

        AccountToken token = files().add(name("codex-a@b.c.json"), upload(json), false);

        Path written = layout().authDirectory().resolve("codex-a@b.c.json");
        assertEquals(json, Files.readString(written), "byte for byte");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                layout().authDirectory())));
        assertEquals(new AccountToken("codex", "codex-a@b.c", "codex-a@b.c.json", Optional.of("a@b.c"), false,
                Optional.of(Instant.parse("2026-12-01T10:00:00Z")), Files.getLastModifiedTime(written).toInstant()),
                token);
        assertEquals(List.of("codex-a@b.c.json"), names(layout().authDirectory()), "no temp file left");
        assertEquals(List.of(token), new FileSystemAccountStoreAdapter(layout()).list(), "as the listing shows it");
    }

    @Test
    void aTakenNameIsKeptUnlessReplacedAndAPausedOneAlways() throws IOException {
        Path auth = Files.createDirectories(layout().authDirectory());
        Files.writeString(auth.resolve("codex-a.json"), "old");
        Files.createDirectories(layout().pausedAuthDirectory());
        Files.writeString(layout().pausedAuthDirectory().resolve("codex-p.json"), "paused");

        assertExists(() -> files().add(name("codex-a.json"), upload("{\"type\":\"codex\"}"), false));
        assertEquals("old", Files.readString(auth.resolve("codex-a.json")));
        files().add(name("codex-a.json"), upload("{\"type\":\"codex\"}"), true);
        assertEquals("{\"type\":\"codex\"}", Files.readString(auth.resolve("codex-a.json")));

        for (boolean replace : List.of(false, true)) {
            assertExists(() -> files().add(name("codex-p.json"), upload("{\"type\":\"codex\"}"), replace));
        }
        assertFalse(Files.exists(auth.resolve("codex-p.json")));
    }

    @Test
    void aLinkOfTheNameIsReplacedItselfNeverWhereItPoints() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.json"), "OUTSIDE");
        Path auth = Files.createDirectories(layout().authDirectory());
        Files.createSymbolicLink(auth.resolve("codex-l.json"), outside);
        Files.createDirectories(auth.resolve("codex-d.json"));

        assertExists(() -> files().add(name("codex-l.json"), upload("{\"type\":\"codex\"}"), false));
        files().add(name("codex-l.json"), upload("{\"type\":\"codex\"}"), true);

        assertEquals("OUTSIDE", Files.readString(outside), "the target is untouched");
        assertFalse(Files.isSymbolicLink(auth.resolve("codex-l.json")), "the link itself was replaced");
        assertEquals("{\"type\":\"codex\"}", Files.readString(auth.resolve("codex-l.json")));
        for (boolean replace : List.of(false, true)) {
            assertExists(() -> files().add(name("codex-d.json"), upload("{\"type\":\"codex\"}"), replace));
        }
        assertTrue(Files.isDirectory(auth.resolve("codex-d.json"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void ofImportsRacingForOneNameExactlyOneWinsWhole() throws Exception {
        int writers = 8;
        List<Future<String>> outcomes = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                String json = "{\"type\":\"codex\",\"email\":\"writer-" + i + "@b.c\",\"pad\":\"" + "x".repeat(4096)
                        + "\"}";
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        files().add(name("codex-race.json"), upload(json), false);
                        return json;
                    } catch (ConflictException lost) {
                        return "lost";
                    }
                }));
            }
            go.countDown();
        }
        List<String> winners = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            if (!outcome.get().equals("lost")) {
                winners.add(outcome.get());
            }
        }
        assertEquals(1, winners.size(), "one import wins, the others are told the name is taken");
        assertEquals(winners.getFirst(), Files.readString(layout().authDirectory().resolve("codex-race.json")));
        assertEquals(List.of("codex-race.json"), names(layout().authDirectory()));
    }

    @Test
    void aFileReplacedDuringAnImportIsReadOldOrNewNeverHalf() throws Exception {
        String old = "{\"type\":\"codex\",\"v\":\"" + "o".repeat(64 * 1024) + "\"}";
        String fresh = "{\"type\":\"codex\",\"v\":\"" + "n".repeat(96 * 1024) + "\"}";
        files().add(name("codex-r.json"), upload(old), false);
        Path file = layout().authDirectory().resolve("codex-r.json");
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    seen.add(Files.readString(file));
                }
                return null;
            });
            for (int i = 0; i < 40; i++) {
                files().add(name("codex-r.json"), upload(i % 2 == 0 ? fresh : old), true);
            }
            writing.set(false);
            reader.get();
        }
        seen.removeAll(Set.of(old, fresh));
        assertEquals(Set.of(), seen, "every read saw one whole version");
        assertEquals(List.of("codex-r.json"), names(layout().authDirectory()));
    }

    @Test
    void aRemovedFileKeepsItsContentAndTimeOwnerOnlyAndComesBackWhereItWas() throws IOException {
        Path paused = Files.createDirectories(layout().pausedAuthDirectory());
        Path file = Files.writeString(paused.resolve("claude-p.json"), "{\"type\":\"claude\",\"email\":\"p@b.c\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(file, LONG_AGO);
        AccountToken token = listed("claude-p.json", true);

        RemovedAccount removed = files().remove(token, AT).orElseThrow();

        Path stored = layout().removedAuthDirectory().resolve(AT.toEpochMilli() + "-paused-claude-p.json");
        assertEquals(new RemovedAccount(token, AT), removed);
        assertTrue(Files.exists(stored));
        assertFalse(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                layout().removedAuthDirectory())));
        assertEquals(List.of(removed), files().removed(), "listed as it was");

        AccountToken restored = files().restore(removed).orElseThrow();

        assertEquals(token, restored);
        assertEquals("{\"type\":\"claude\",\"email\":\"p@b.c\"}", Files.readString(file));
        assertEquals(List.of(), files().removed());
        assertEquals(Optional.empty(), files().restore(removed), "gone");
    }

    @Test
    void twoRemovalsInOneMillisecondKeepBoth() throws IOException {
        Path auth = Files.createDirectories(layout().authDirectory());
        Files.writeString(auth.resolve("codex-a.json"), "{\"type\":\"codex\",\"n\":1}");
        RemovedAccount first = files().remove(listed("codex-a.json", false), AT).orElseThrow();
        Files.writeString(auth.resolve("codex-a.json"), "{\"type\":\"codex\",\"n\":2}");

        RemovedAccount second = files().remove(listed("codex-a.json", false), AT).orElseThrow();

        assertEquals(AT.plusMillis(1), second.removedAt());
        assertEquals(2, files().removed().size());
        assertEquals("{\"type\":\"codex\",\"n\":1}",
                Files.readString(layout().removedAuthDirectory().resolve(first.storedName())));
    }

    @Test
    void aFileGoneOrTakenAgainIsReportedNotOverwritten() throws IOException {
        Path auth = Files.createDirectories(layout().authDirectory());
        Files.writeString(auth.resolve("codex-a.json"), "{\"type\":\"codex\"}");
        AccountToken token = listed("codex-a.json", false);
        RemovedAccount removed = files().remove(token, AT).orElseThrow();

        assertEquals(Optional.empty(), files().remove(token, AT), "no longer there");
        Files.writeString(auth.resolve("codex-a.json"), "NEW");
        assertExists(() -> files().restore(removed));
        assertEquals("NEW", Files.readString(auth.resolve("codex-a.json")));
        assertEquals(List.of(removed), files().removed());
    }

    @Test
    void anAccountThatIsALinkIsMovedAsTheLinkAndPurgedAsIt() throws IOException {
        Path auth = Files.createDirectories(layout().authDirectory());
        Path target = Files.writeString(auth.resolve("codex-target.json"), "{\"type\":\"codex\",\"email\":\"t@b.c\"}");
        Files.createSymbolicLink(auth.resolve("codex-link.json"), target);
        AccountToken link = listed("codex-link.json", false);

        RemovedAccount removed = files().remove(link, AT).orElseThrow();

        Path stored = layout().removedAuthDirectory().resolve(removed.storedName());
        assertTrue(Files.isSymbolicLink(stored));
        assertTrue(Files.exists(target), "what it pointed to stays");
        RemovedAccount listedRemoved = files().removed().getFirst();
        assertEquals(Optional.empty(), listedRemoved.token().email(), "a link is never followed");
        assertTrue(files().purge(listedRemoved));
        assertFalse(Files.exists(stored, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target));
        assertFalse(files().purge(listedRemoved), "already gone");
    }

    @Test
    void onlyNamesThisStoreWroteAreListedAsRemoved() throws IOException {
        Path removedDir = Files.createDirectories(layout().removedAuthDirectory());
        Files.writeString(removedDir.resolve("notes.txt"), "x");
        Files.writeString(removedDir.resolve("1-auth-..json"), "x");
        Files.createDirectories(removedDir.resolve("5-auth-dir.json"));
        Files.writeString(removedDir.resolve("7-auth-codex-a.json"), "{\"type\":\"codex\",\"email\":\"a@b.c\"}");

        List<RemovedAccount> removed = files().removed();

        assertEquals(1, removed.size());
        assertEquals("codex-a.json", removed.getFirst().token().file());
        assertEquals(Instant.ofEpochMilli(7), removed.getFirst().removedAt());
        assertEquals(Optional.of("a@b.c"), removed.getFirst().token().email());
        assertEquals(List.of(), new FileSystemAccountFilesAdapter(new CcsLayout(root.resolve("none")),
                QuotaProvider.builtIn()).removed(), "no directory, nothing removed");
    }

    private AccountToken listed(String file, boolean paused) {
        return new FileSystemAccountStoreAdapter(layout()).list().stream()
                .filter(t -> t.file().equals(file) && t.paused() == paused).findFirst().orElseThrow();
    }

    private static void assertExists(org.junit.jupiter.api.function.Executable call) {
        ConflictException e = assertThrows(ConflictException.class, call);
        assertEquals(Optional.of(ErrorCode.ACCOUNT_EXISTS), e.errorCode());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> names = new ArrayList<>(entries.map(p -> p.getFileName().toString()).toList());
            Collections.sort(names);
            return names;
        }
    }

    private static AuthFileName name(String name) {
        return AuthFileName.parse(name).orElseThrow();
    }

    private static TokenFileUpload upload(String json) {
        Object tree;
        try {
            tree = JSON.readValue(json, Object.class);
        } catch (IOException notJson) {
            tree = java.util.Map.of();
        }
        return TokenFileUpload.of(json.getBytes(StandardCharsets.UTF_8), tree);
    }
}
