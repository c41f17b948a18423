package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ManualHold;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.TokenState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemAccountStoreAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2026-11-01T08:00:00Z"));
    private static final Instant EXPIRY = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path ccs;

    private CcsLayout layout() {
        return new CcsLayout(ccs);
    }

    private Path write(Path directory, String name, String json) throws IOException {
        Files.createDirectories(directory);
        Path file = Files.writeString(directory.resolve(name), json);
        Files.setLastModifiedTime(file, LONG_AGO);
        return file;
    }

    @Test
    void readsEachProvidersEmailAndExpiryInWhicheverFormItsFileUses() throws IOException {
        Path auth = layout().authDirectory();
        long seconds = EXPIRY.getEpochSecond();
        write(auth, "codex-a_b_c.json", "{\"type\":\"codex\",\"email\":\"a@b.c\",\"expired\":\"2026-12-01T10:00:00Z\"}");
        write(auth, "gemini-a.json", "{\"type\":\"gemini\",\"token\":{\"expiry\":\"2026-12-01T11:00:00+01:00\"}}");
        write(auth, "kiro-aws-1.json", "{\"type\":\"kiro\",\"expires_at\":" + seconds + "}");
        write(auth, "iflow-x.json", "{\"type\":\"iflow\",\"expiry\":" + EXPIRY.toEpochMilli() + "}");
        write(auth, "antigravity-a.json", "{\"type\":\"antigravity\",\"timestamp\":"
                + EXPIRY.minusSeconds(3599).toEpochMilli() + ",\"expires_in\":3599}");
        write(auth, "github-copilot-u.json", "{\"type\":\"github-copilot\",\"username\":\"octo\","
                + "\"token\":{\"expires_at\":\"" + seconds + "\"}}");
        write(auth, "xai-1.json", "{\"type\":\"xai\"}");
        write(auth, "broken.json", "{not json");
        write(auth, "notes.txt", "{}");
        write(layout().pausedAuthDirectory(), "claude-p.json", "{\"type\":\"claude\",\"email\":\"p@q.r\"}");

        List<AccountToken> tokens = new FileSystemAccountStoreAdapter(layout()).list().stream()
                .sorted(Comparator.comparing(AccountToken::file)).toList();

        Instant modified = LONG_AGO.toInstant();
        assertEquals(List.of(
                new AccountToken("agy", "antigravity-a", "antigravity-a.json", Optional.empty(), false,
                        Optional.of(EXPIRY), modified),
                new AccountToken("unknown", "broken", "broken.json", Optional.empty(), false, Optional.empty(),
                        modified),
                new AccountToken("claude", "claude-p", "claude-p.json", Optional.of("p@q.r"), true,
                        Optional.empty(), modified),
                new AccountToken("codex", "codex-a_b_c", "codex-a_b_c.json", Optional.of("a@b.c"), false,
                        Optional.of(EXPIRY), modified),
                new AccountToken("gemini", "gemini-a", "gemini-a.json", Optional.empty(), false,
                        Optional.of(EXPIRY), modified),
                new AccountToken("ghcp", "github-copilot-u", "github-copilot-u.json", Optional.of("octo"), false,
                        Optional.of(EXPIRY), modified),
                new AccountToken("iflow", "iflow-x", "iflow-x.json", Optional.empty(), false, Optional.of(EXPIRY),
                        modified),
                new AccountToken("kiro", "kiro-aws-1", "kiro-aws-1.json", Optional.empty(), false,
                        Optional.of(EXPIRY), modified),
                new AccountToken("xai", "xai-1", "xai-1.json", Optional.empty(), false, Optional.empty(),
                        modified)), tokens);
    }

    @Test
    void aProviderOfTheCatalogueBeyondTheBuiltInOnesNamesItsFiles() throws IOException {
        write(layout().authDirectory(), "acme-a.json", "{\"email\":\"a@acme.example\"}");
        QuotaProvider acme = new QuotaProvider("acme", new TokenFileNaming(List.of("acme-ai"), List.of("acme-")),
                Optional.empty(), false);
        List<QuotaProvider> catalogue = List.of(QuotaProvider.CODEX, acme);

        assertEquals(List.of("acme"), new FileSystemAccountStoreAdapter(layout(), catalogue).list().stream()
                .map(AccountToken::provider).toList());
        assertEquals(List.of("unknown"), new FileSystemAccountStoreAdapter(layout()).list().stream()
                .map(AccountToken::provider).toList());
    }

    @Test
    void aThousandAccountsListedTwiceReadNoUnchangedFileTwice() throws IOException {
        Path auth = layout().authDirectory();
        for (int i = 0; i < 1000; i++) {
            write(auth, "codex-user" + i + ".json", "{\"type\":\"codex\",\"email\":\"user" + i + "@x.y\"}");
        }
        AtomicInteger reads = new AtomicInteger();
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout(), QuotaProvider.builtIn(),
                file -> {
                    reads.incrementAndGet();
                    return FileSystemAccountStoreAdapter.readMetadata(file);
                });

        List<AccountToken> first = store.list();
        assertEquals(1000, reads.get());
        assertEquals(1000, first.size());

        Path changed = write(auth, "codex-user7.json", "{\"type\":\"codex\",\"email\":\"new@x.y\"}");
        Files.setLastModifiedTime(changed, FileTime.from(LONG_AGO.toInstant().plusSeconds(1)));
        List<AccountToken> second = store.list();

        assertEquals(1001, reads.get(), "only the changed file is read again");
        assertTrue(second.stream().anyMatch(t -> t.email().equals(Optional.of("new@x.y"))));
    }

    @Test
    void aRewriteOfTheSameSizeAndTimeIsListedWithItsNewContent() throws IOException {
        // The listing is kept from the directory's events: a rewrite in place that keeps the size, the time and the
        // inode (what a cache by attributes cannot tell from no change) is named by its event and read again.
        Path file = write(layout().authDirectory(), "codex-a.json", "{\"type\":\"codex\",\"email\":\"one@x.y\"}");
        try (FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout())) {
            assertEquals(Optional.of("one@x.y"), store.list().getFirst().email());
            FileTime time = Files.getLastModifiedTime(file);

            Files.writeString(file, "{\"type\":\"codex\",\"email\":\"two@x.y\"}"); // same length, same inode
            Files.setLastModifiedTime(file, time);

            assertEquals(Optional.of("two@x.y"), store.list().getFirst().email());
        }
    }

    @Test
    void pauseAndResumeMoveTheFileKeepingItsModeAndContent() throws IOException {
        Path file = write(layout().authDirectory(), "codex-a.json", "{\"type\":\"codex\",\"access_token\":\"t\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        AccountToken token = store.list().getFirst();

        AccountToken paused = store.move(token, true).orElseThrow();

        Path moved = layout().pausedAuthDirectory().resolve("codex-a.json");
        assertFalse(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(moved)));
        assertEquals("{\"type\":\"codex\",\"access_token\":\"t\"}", Files.readString(moved));
        assertEquals(List.of(paused), store.list());

        store.move(paused, false).orElseThrow();

        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(moved));
    }

    @Test
    void aMoveOntoAnExistingFileIsAConflictAndAVanishedFileIsEmpty() throws IOException {
        write(layout().authDirectory(), "codex-a.json", "{\"v\":1}");
        write(layout().pausedAuthDirectory(), "codex-a.json", "{\"v\":2}");
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        AccountToken active = store.list().stream().filter(t -> !t.paused()).findFirst().orElseThrow();

        ConflictException conflict = assertThrows(ConflictException.class, () -> store.move(active, true));

        assertEquals(Optional.of(ErrorCode.ACCOUNT_ALREADY_PAUSED), conflict.errorCode());
        assertEquals("{\"v\":2}", Files.readString(layout().pausedAuthDirectory().resolve("codex-a.json")));
        assertEquals("{\"v\":1}", Files.readString(layout().authDirectory().resolve("codex-a.json")));

        Files.delete(layout().authDirectory().resolve("codex-a.json"));
        assertEquals(Optional.empty(), store.move(active, true));
    }

    @Test
    void pauseRecordsAreWrittenAtomicallyKeepingFieldsTheyDoNotKnow() throws IOException {
        Path state = layout().accountStateFile();
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"version\":1,\"later\":{\"x\":1},\"accounts\":{\"codex-a.json\":"
                + "{\"reason\":\"quota\",\"pausedAt\":1,\"resumeAt\":2,\"note\":\"keep\"}}}");
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        Instant at = Instant.parse("2026-11-30T12:00:00Z");

        store.recordPause("codex-a.json", Optional.of(new AccountPause(PauseReason.MANUAL, at, Optional.empty())));
        store.recordPause("claude-b.json", Optional.of(new AccountPause(PauseReason.QUOTA, at,
                Optional.of(at.plusSeconds(3600)))));

        JsonNode written = JSON.readTree(state.toFile());
        assertEquals(1, written.at("/later/x").asInt());
        assertEquals("keep", written.at("/accounts/codex-a.json/note").asText());
        assertTrue(written.at("/accounts/codex-a.json/resumeAt").isMissingNode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(Map.of(
                "codex-a.json", new AccountPause(PauseReason.MANUAL, at, Optional.empty()),
                "claude-b.json", new AccountPause(PauseReason.QUOTA, at, Optional.of(at.plusSeconds(3600)))),
                new FileSystemAccountStoreAdapter(layout()).pauses());

        store.recordPause("codex-a.json", Optional.empty());

        assertEquals(List.of("claude-b.json"),
                List.copyOf(new FileSystemAccountStoreAdapter(layout()).pauses().keySet()));
    }

    @Test
    void notesAreKeptBesideThePauseAndEachIsForgottenAlone() throws IOException {
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        AccountPause pause = new AccountPause(PauseReason.QUOTA, at, Optional.of(at.plusSeconds(60)));
        AccountNotes notes = new AccountNotes(Optional.of(new ManualHold(at, Optional.of(at.plusSeconds(90)))),
                Optional.of(TokenState.EXPIRING), true);

        store.recordPause("codex-a.json", Optional.of(pause));
        store.recordNotes("codex-a.json", notes);
        store.recordNotes("claude-b.json", new AccountNotes(Optional.of(new ManualHold(at, Optional.empty())),
                Optional.empty(), false));

        FileSystemAccountStoreAdapter fresh = new FileSystemAccountStoreAdapter(layout());
        assertEquals(Map.of("codex-a.json", pause), fresh.pauses());
        assertEquals(Map.of("codex-a.json", notes, "claude-b.json", new AccountNotes(Optional.of(
                new ManualHold(at, Optional.empty())), Optional.empty(), false)), fresh.notes());
        JsonNode entry = JSON.readTree(layout().accountStateFile().toFile()).at("/accounts/codex-a.json");
        assertEquals(at.plusSeconds(90).toEpochMilli(), entry.at("/hold/until").asLong());
        assertEquals("expiring", entry.get("toldToken").asText());

        store.recordPause("codex-a.json", Optional.empty());
        assertEquals(Map.of(), new FileSystemAccountStoreAdapter(layout()).pauses());
        assertEquals(notes, new FileSystemAccountStoreAdapter(layout()).notes().get("codex-a.json"));

        store.recordPause("codex-a.json", Optional.of(pause));
        store.recordNotes("codex-a.json", AccountNotes.NONE);
        store.recordNotes("claude-b.json", AccountNotes.NONE);
        assertEquals(Map.of("codex-a.json", pause), new FileSystemAccountStoreAdapter(layout()).pauses());
        assertEquals(Map.of(), new FileSystemAccountStoreAdapter(layout()).notes());
        assertTrue(JSON.readTree(layout().accountStateFile().toFile()).at("/accounts/claude-b.json").isMissingNode(),
                "an entry that holds nothing is dropped");
    }

    @Test
    void notesThatAreNotUnderstoodReadAsNone() throws IOException {
        Files.createDirectories(layout().cliproxyDirectory());
        Files.writeString(layout().accountStateFile(), "{\"accounts\":{\"a.json\":{\"hold\":{\"until\":5},"
                + "\"toldToken\":\"valid\",\"toldLow\":\"yes\"},\"b.json\":{\"toldToken\":\"expired\"}}}");
        assertEquals(Map.of("b.json", new AccountNotes(Optional.empty(), Optional.of(TokenState.EXPIRED), false)),
                new FileSystemAccountStoreAdapter(layout()).notes());
    }

    @Test
    void aTokenFileOfUpToOneMebibyteIsReadAndALargerOneIsListedWithNothingReadFromIt() throws IOException {
        Path auth = layout().authDirectory();
        String head = "{\"type\":\"codex\",\"email\":\"a@b.c\",\"pad\":\"";
        int limit = 1 << 20;
        write(auth, "codex-limit.json", head + "p".repeat(limit - head.length() - 2) + "\"}");
        write(auth, "codex-over.json", head + "p".repeat(limit - head.length() - 1) + "\"}");
        assertEquals(limit, Files.size(auth.resolve("codex-limit.json")));
        assertEquals(limit + 1, Files.size(auth.resolve("codex-over.json")));

        try (FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout())) {
            Map<String, Optional<String>> emails = new TreeMap<>();
            store.list().forEach(token -> emails.put(token.file(), token.email()));
            assertEquals(Map.of("codex-limit.json", Optional.of("a@b.c"), "codex-over.json", Optional.empty()),
                    emails);
        }
    }

    @Test
    void aTokenFileThatIsNotAJsonObjectIsListedWithNothingReadFromIt() throws IOException {
        write(layout().authDirectory(), "codex-array.json", "[{\"email\":\"a@b.c\"}]");
        write(layout().authDirectory(), "codex-text.json", "\"a@b.c\"");
        try (FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout())) {
            List<AccountToken> tokens = store.list();
            assertEquals(2, tokens.size());
            assertTrue(tokens.stream().allMatch(t -> t.email().isEmpty() && t.provider().equals("codex")),
                    tokens.toString());
        }
    }

    @Test
    void aFileNamedOnlyDotJsonIsNoAccount() throws IOException {
        write(layout().authDirectory(), ".json", "{\"type\":\"codex\"}");
        write(layout().authDirectory(), "x.json", "{\"type\":\"codex\"}");
        try (FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout())) {
            assertEquals(List.of("x.json"), store.list().stream().map(AccountToken::file).toList());
        }
    }

    @Test
    void accountsWhoseDirectoryWasRemovedAreNoLongerListed() throws IOException {
        write(layout().authDirectory(), "codex-a.json", "{\"type\":\"codex\"}");
        try (FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout())) {
            assertEquals(1, store.list().size());
            Files.delete(layout().authDirectory().resolve("codex-a.json"));
            Files.delete(layout().authDirectory());

            assertEquals(List.of(), store.list());
            write(layout().authDirectory(), "codex-b.json", "{\"type\":\"codex\"}");
            assertEquals(List.of("codex-b.json"), store.list().stream().map(AccountToken::file).toList(),
                    "a directory made again is listed again");
        }
    }

    @Test
    void oneStoreListsFromAnyThreadOneAfterAnotherAndAfterItIsClosed() throws Exception {
        write(layout().authDirectory(), "codex-a.json", "{\"type\":\"codex\"}");
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        try {
            assertEquals(1, store.list().size());
            assertEquals(1, CompletableFuture.supplyAsync(store::list).get(60, TimeUnit.SECONDS).size());
            assertEquals(1, store.list().size());
        } finally {
            store.close();
        }
        write(layout().authDirectory(), "codex-b.json", "{\"type\":\"codex\"}");
        assertEquals(2, CompletableFuture.supplyAsync(store::list).get(60, TimeUnit.SECONDS).size(),
                "a closed store reads the directory on each listing");
    }

    @Test
    void theStateFileNamesItsVersionAndKeepsALaterOne() throws IOException {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        AccountPause pause = new AccountPause(PauseReason.MANUAL, at, Optional.empty());
        new FileSystemAccountStoreAdapter(layout()).recordPause("codex-a.json", Optional.of(pause));
        assertEquals(1, JSON.readTree(layout().accountStateFile().toFile()).get("version").asInt());

        Files.writeString(layout().accountStateFile(), "{\"version\":2,\"accounts\":{}}");
        new FileSystemAccountStoreAdapter(layout()).recordPause("codex-a.json", Optional.of(pause));
        assertEquals(2, JSON.readTree(layout().accountStateFile().toFile()).get("version").asInt());
    }

    @Test
    void noStateFileOrABrokenOneHoldsNoPauses() throws IOException {
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout());
        assertEquals(Map.of(), store.pauses());
        assertEquals(Map.of(), store.notes());
        assertEquals(List.of(), store.list());

        Files.createDirectories(layout().cliproxyDirectory());
        Files.writeString(layout().accountStateFile(), "[not an object");
        assertEquals(Map.of(), store.pauses());
    }
}
