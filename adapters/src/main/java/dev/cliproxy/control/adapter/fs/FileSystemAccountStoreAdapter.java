package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ManualHold;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.model.Timestamps;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.model.TokenFileFacts;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The accounts' token files in {@code auth/} and {@code auth-paused/}, and their pause records in
 * {@code cliproxy/account-state.json}, with the account watch's notes in the same entries. The listings of both
 * directories are kept from their change events ({@link DirectoryIndex}), and what a listing needs of a file (never a
 * token) by name, size and time, forgotten when an event names the file: listing a thousand unchanged accounts again
 * costs no {@code stat} of a token file and no read. Close the adapter to stop following the directories.
 */
public final class FileSystemAccountStoreAdapter implements AccountStorePort, AutoCloseable {

    /** Token files are small; anything larger is listed without anything read from it. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNTS = "accounts";
    private static final String HOLD = "hold";
    private static final String TOLD_TOKEN = "toldToken";
    private static final String TOLD_LOW = "toldLow";
    private static final List<String> PAUSE_FIELDS = List.of("reason", "pausedAt", "resumeAt");
    private static final List<String> NOTE_FIELDS = List.of(HOLD, TOLD_TOKEN, TOLD_LOW);

    /** What a listing reads in a token file. */
    record Metadata(Optional<String> type, Optional<String> email, Optional<Instant> expiresAt) {
        static final Metadata NONE = new Metadata(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final CcsLayout layout;
    private final List<QuotaProvider> providers;
    private final ConfinedDirectory active;
    private final ConfinedDirectory paused;
    private final FileSnapshotCache.Reader<Metadata> reader;
    private final Listed activeListed;
    private final Listed pausedListed;
    private final FileSnapshotCache<Records> records = new FileSnapshotCache<>();

    /** What the state file holds, by file name. */
    private record Records(Map<String, AccountPause> pauses, Map<String, AccountNotes> notes) {
        static final Records NONE = new Records(Map.of(), Map.of());
    }

    /** The files of the built-in providers named by them; any other by its own {@code type}. */
    public FileSystemAccountStoreAdapter(CcsLayout layout) {
        this(layout, QuotaProvider.builtIn());
    }

    /** Each file named by the provider of {@code providers} (the catalogue) that owns it. */
    public FileSystemAccountStoreAdapter(CcsLayout layout, List<QuotaProvider> providers) {
        this(layout, providers, FileSystemAccountStoreAdapter::readMetadata);
    }

    /** With the reading of one token file replaceable (tests count the reads). */
    FileSystemAccountStoreAdapter(CcsLayout layout, List<QuotaProvider> providers,
                                  FileSnapshotCache.Reader<Metadata> reader) {
        this.layout = layout;
        this.providers = List.copyOf(providers);
        this.active = new ConfinedDirectory(layout.authDirectory());
        this.paused = new ConfinedDirectory(layout.pausedAuthDirectory());
        this.reader = reader;
        this.activeListed = new Listed(active);
        this.pausedListed = new Listed(paused);
    }

    @Override
    public List<AccountToken> list() {
        try {
            List<AccountToken> tokens = new ArrayList<>();
            activeListed.addTokens(false, tokens);
            pausedListed.addTokens(true, tokens);
            return tokens;
        } catch (IOException e) {
            throw new StorageException("Failed to list accounts", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /** Stops following the two directories. */
    @Override
    public void close() {
        activeListed.index.close();
        pausedListed.index.close();
    }

    /**
     * One directory's listing ({@link DirectoryIndex}: its entries' sizes and times, one {@code stat} each only when
     * an event named them) and what was read of each file, as the error logs' metadata is kept.
     */
    private final class Listed {
        private final ConfinedDirectory directory;
        private final DirectoryIndex index;
        private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
        /** Counts the files events named: a read that overlapped one is not kept, it may be of the old content. */
        private final AtomicLong touches = new AtomicLong();

        Listed(ConfinedDirectory directory) {
            this.directory = directory;
            this.index = new DirectoryIndex(directory, FileSystemAccountStoreAdapter::isTokenFileName,
                    DirectoryWatch.shared(), this::forget);
        }

        void addTokens(boolean inPaused, List<AccountToken> tokens) throws IOException {
            for (StoredFile file : index.list()) {
                Metadata read = metadata(file);
                tokens.add(AccountToken.of(providers, file.name(), read.type(), read.email(), inPaused,
                        read.expiresAt(), file.modified()));
            }
        }

        private Metadata metadata(StoredFile file) throws IOException {
            Cached cached = cache.get(file.name());
            if (cached != null && cached.size() == file.size() && cached.modified().equals(file.modified())) {
                return cached.metadata();
            }
            long touchesBefore = touches.get();
            Optional<ConfinedDirectory.RegularFile> found = directory.find(file.name());
            if (found.isEmpty()) {
                return Metadata.NONE;
            }
            Metadata read;
            try {
                read = reader.read(found.get().realPath());
            } catch (NoSuchFileException gone) {
                return Metadata.NONE;
            }
            if (touches.get() == touchesBefore) {
                cache.put(file.name(), new Cached(file.size(), file.modified(), read));
            }
            return read;
        }

        private void forget(String name) {
            touches.incrementAndGet();
            cache.remove(name);
        }
    }

    private record Cached(long size, Instant modified, Metadata metadata) {
    }

    private static boolean isTokenFileName(String name) {
        return name.endsWith(".json") && name.length() > 5 && AuthFileName.parse(name).isPresent();
    }

    /** The type, email and expiry of a token file; nothing else of it is kept, least of all a token. */
    static Metadata readMetadata(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            return Metadata.NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException notJson) {
            return Metadata.NONE;
        }
        if (root == null || !root.isObject()) {
            return Metadata.NONE;
        }
        TokenFileFacts facts = TokenFileFields.facts(root);
        return new Metadata(facts.type(), facts.email(), facts.expiresAt());
    }

    @Override
    public Optional<AccountToken> move(AccountToken token, boolean toPaused) {
        ConfinedDirectory from = token.paused() ? paused : active;
        Path target = (toPaused ? paused : active).path().resolve(token.file());
        try {
            if (from.find(token.file()).isEmpty()) {
                return Optional.empty();
            }
            Files.createDirectories(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConflictException(toPaused ? ErrorCode.ACCOUNT_ALREADY_PAUSED : ErrorCode.ACCOUNT_NOT_PAUSED,
                        "a file of the same name is already in " + target.getParent().getFileName());
            }
            // A rename: the file keeps its inode, so its mode (0600) and time, and no reader sees half of it.
            Files.move(from.path().resolve(token.file()), target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFileWriter.forceDirectory(target.getParent());
            AtomicFileWriter.forceDirectory(from.path());
            return Optional.of(token.movedTo(toPaused, token.modifiedAt()));
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("Failed to move account file", "the file system cannot move it atomically",
                    ErrorCode.STORAGE_ERROR, e);
        } catch (IOException e) {
            throw new StorageException("Failed to move account file", FileErrors.reason(e),
                    ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public Map<String, AccountPause> pauses() {
        return records().pauses();
    }

    @Override
    public Map<String, AccountNotes> notes() {
        return records().notes();
    }

    private Records records() {
        try {
            return records.read(layout.accountStateFile(), FileSystemAccountStoreAdapter::readRecords, Records.NONE);
        } catch (IOException e) {
            throw new StorageException("Failed to read account state", FileErrors.reason(e),
                    ErrorCode.STORAGE_ERROR, e);
        }
    }

    private static Records readRecords(Path file) throws IOException {
        Map<String, AccountPause> pauses = new HashMap<>();
        Map<String, AccountNotes> notes = new HashMap<>();
        stateOf(file).path(ACCOUNTS).properties().forEach(entry -> {
            pause(entry.getValue()).ifPresent(pause -> pauses.put(entry.getKey(), pause));
            AccountNotes read = notes(entry.getValue());
            if (!read.equals(AccountNotes.NONE)) {
                notes.put(entry.getKey(), read);
            }
        });
        return new Records(Map.copyOf(pauses), Map.copyOf(notes));
    }

    private static Optional<AccountPause> pause(JsonNode entry) {
        Optional<PauseReason> reason = PauseReason.fromId(entry.path("reason").asText());
        Optional<Instant> pausedAt = Timestamps.parse(entry.path("pausedAt").asText());
        if (reason.isEmpty() || pausedAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AccountPause(reason.get(), pausedAt.get(),
                Timestamps.parse(entry.path("resumeAt").asText())));
    }

    /** What is not understood (a hand edit, a later version's value) reads as not noted. */
    private static AccountNotes notes(JsonNode entry) {
        JsonNode hold = entry.path(HOLD);
        Optional<ManualHold> held = Timestamps.parse(hold.path("resumedAt").asText())
                .map(at -> new ManualHold(at, Timestamps.parse(hold.path("until").asText())));
        Optional<TokenState> told = TokenState.fromId(entry.path(TOLD_TOKEN).asText())
                .filter(state -> state == TokenState.EXPIRING || state == TokenState.EXPIRED);
        return new AccountNotes(held, told, entry.path(TOLD_LOW).asBoolean(false));
    }

    /**
     * Rewrites the state file atomically with the one record changed and everything else it holds (the notes,
     * fields of a later version) kept; a file that is not a JSON object is replaced.
     */
    @Override
    public void recordPause(String file, Optional<AccountPause> pause) {
        update(file, entry -> {
            entry.remove(PAUSE_FIELDS);
            pause.ifPresent(p -> {
                entry.put("reason", p.reason().id());
                entry.put("pausedAt", p.pausedAt().toEpochMilli());
                p.resumeAt().ifPresent(at -> entry.put("resumeAt", at.toEpochMilli()));
            });
        });
    }

    /** As {@link #recordPause}, with the notes changed and the pause record kept. */
    @Override
    public void recordNotes(String file, AccountNotes notes) {
        update(file, entry -> {
            entry.remove(NOTE_FIELDS);
            notes.hold().ifPresent(hold -> {
                ObjectNode held = entry.putObject(HOLD);
                held.put("resumedAt", hold.resumedAt().toEpochMilli());
                hold.until().ifPresent(until -> held.put("until", until.toEpochMilli()));
            });
            notes.toldToken().ifPresent(state -> entry.put(TOLD_TOKEN, state.id()));
            if (notes.toldLow()) {
                entry.put(TOLD_LOW, true);
            }
        });
    }

    /** Changes the entry of {@code file}, dropping it once it holds nothing. */
    private synchronized void update(String file, Consumer<ObjectNode> change) {
        Path stateFile = layout.accountStateFile();
        try {
            ObjectNode state = Files.exists(stateFile) ? stateOf(stateFile) : JSON.createObjectNode();
            if (!state.has("version")) {
                state.put("version", 1);
            }
            ObjectNode accounts = state.path(ACCOUNTS) instanceof ObjectNode existing
                    ? existing : state.putObject(ACCOUNTS);
            ObjectNode entry = accounts.path(file) instanceof ObjectNode existing
                    ? existing : JSON.createObjectNode();
            change.accept(entry);
            if (entry.isEmpty()) {
                accounts.remove(file);
            } else {
                accounts.set(file, entry);
            }
            AtomicFileWriter.write(stateFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new StorageException("Failed to record account state", FileErrors.reason(e),
                    ErrorCode.STORAGE_ERROR, e);
        }
    }

    private static ObjectNode stateOf(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(file)) instanceof ObjectNode object
                    ? object : JSON.createObjectNode();
        } catch (JsonProcessingException notJson) {
            return JSON.createObjectNode();
        }
    }
}
