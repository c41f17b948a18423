package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token files of {@code auth/} and {@code auth-paused/}, their pause records and notes, in memory, with the real
 * store's rules: one entry per {@code *.json} file of either directory, named and owned as on disk
 * ({@link AccountToken#of}); a move that finds its file gone is empty, one onto an existing name a conflict.
 */
public final class InMemoryAccounts implements AccountStorePort {

    /** A file as the store holds it: the directory is part of the key, as on disk. */
    private record Key(String file, boolean paused) {
    }

    private final List<QuotaProvider> providers;
    private final Map<Key, AccountToken> files = new LinkedHashMap<>();
    private final Map<String, AccountPause> pauses = new LinkedHashMap<>();
    private final Map<String, AccountNotes> notes = new LinkedHashMap<>();

    /** The files of the built-in providers named by them, as the real store's default. */
    public InMemoryAccounts() {
        this(QuotaProvider.builtIn());
    }

    /** Each file named by the provider of {@code providers} (the catalogue) that owns it. */
    public InMemoryAccounts(List<QuotaProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * A token file named {@code file} in {@code auth/} or ({@code paused}) {@code auth-paused/}, with what the
     * listing reads in it; replaces any file of that name there. Returns its entry.
     */
    public synchronized AccountToken put(String file, boolean paused, Optional<String> type, Optional<String> email,
                                         Optional<Instant> expiresAt, Instant modifiedAt) {
        AccountToken token = AccountToken.of(providers, file, type, email, paused, expiresAt, modifiedAt);
        files.put(new Key(file, paused), token);
        return token;
    }

    /** Removes a file, as another program deleting it would. */
    public synchronized boolean delete(String file, boolean paused) {
        return files.remove(new Key(file, paused)) != null;
    }

    /** The entry of a file, if it is there ({@link InMemoryAccountFiles}). */
    synchronized Optional<AccountToken> get(String file, boolean paused) {
        return Optional.ofNullable(files.get(new Key(file, paused)));
    }

    /** Puts an entry back as it was listed, its owner and times kept ({@link InMemoryAccountFiles}). */
    synchronized void putEntry(AccountToken token) {
        files.put(new Key(token.file(), token.paused()), token);
    }

    @Override
    public synchronized List<AccountToken> list() {
        return new ArrayList<>(files.values());
    }

    @Override
    public synchronized Optional<AccountToken> move(AccountToken token, boolean toPaused) {
        AccountToken current = files.get(new Key(token.file(), token.paused()));
        if (current == null) {
            return Optional.empty();
        }
        if (files.containsKey(new Key(token.file(), toPaused))) {
            ErrorCode code = toPaused ? ErrorCode.ACCOUNT_ALREADY_PAUSED : ErrorCode.ACCOUNT_NOT_PAUSED;
            throw new ConflictException(code, "a file of the same name is already there");
        }
        files.remove(new Key(token.file(), token.paused()));
        AccountToken moved = current.movedTo(toPaused, current.modifiedAt());
        files.put(new Key(token.file(), toPaused), moved);
        return Optional.of(moved);
    }

    @Override
    public synchronized Map<String, AccountPause> pauses() {
        return Map.copyOf(pauses);
    }

    @Override
    public synchronized void recordPause(String file, Optional<AccountPause> pause) {
        pause.ifPresentOrElse(p -> pauses.put(file, p), () -> pauses.remove(file));
    }

    @Override
    public synchronized Map<String, AccountNotes> notes() {
        return Map.copyOf(notes);
    }

    @Override
    public synchronized void recordNotes(String file, AccountNotes recorded) {
        if (recorded.equals(AccountNotes.NONE)) {
            notes.remove(file);
        } else {
            notes.put(file, recorded);
        }
    }
}
