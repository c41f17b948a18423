package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports, removals and restores of token files in memory, over an {@link InMemoryAccounts} (the files the listing
 * sees), with the real store's rules: a name taken in {@code auth-paused/}, or in {@code auth/} without
 * {@code replace}, is a conflict; a removed file is kept under {@link RemovedAccount#storedName()} (the next free
 * millisecond when two removals of one file fall on the same), and goes back where it came from.
 *
 * <p>When the auth-file routes read an {@link InMemoryAuthFiles}, {@link #mirroring} makes both one {@code auth/}: an
 * import is listed and downloadable there too (a link or file of its name counts as taken), a removal takes the file
 * away, a restore brings it back as it was. The quota routes find only the token files put with
 * {@link InMemoryAuthFiles#putTokenFile} (an imported file's token is never read here).
 */
public final class InMemoryAccountFiles implements AccountFilesPort {

    /** A removed file: what the listing showed of it and, when mirrored, the file itself. */
    private record Kept(RemovedAccount removed, Optional<InMemoryAuthFiles.Taken> file) {
    }

    private final InMemoryAccounts accounts;
    private final Clock clock;
    private final Map<String, Kept> removed = new LinkedHashMap<>();
    private volatile InMemoryAuthFiles mirror;

    /** Imports are stamped with {@code clock}'s time. */
    public InMemoryAccountFiles(InMemoryAccounts accounts, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keeps {@code authFiles} the same {@code auth/} as the accounts; returns this. */
    public InMemoryAccountFiles mirroring(InMemoryAuthFiles authFiles) {
        this.mirror = Objects.requireNonNull(authFiles, "authFiles");
        return this;
    }

    @Override
    public AccountToken add(AuthFileName file, TokenFileUpload upload, boolean replace) {
        String name = file.value();
        synchronized (accounts) {
            if (accounts.get(name, true).isPresent()) {
                throw new ConflictException(ErrorCode.ACCOUNT_EXISTS, "a paused account has this name");
            }
            boolean taken = accounts.get(name, false).isPresent() || mirror != null && mirror.holds(name);
            if (taken && (!replace || mirror != null && mirror.holdsDirectory(name))) {
                throw new ConflictException(ErrorCode.ACCOUNT_EXISTS, "a file of this name is in auth/");
            }
            AccountToken token = accounts.put(name, false, upload.facts().type(), upload.facts().email(),
                    upload.facts().expiresAt(), clock.instant());
            if (mirror != null) {
                mirror.put(name, upload.content());
            }
            return token;
        }
    }

    @Override
    public Optional<RemovedAccount> remove(AccountToken token, Instant removedAt) {
        synchronized (accounts) {
            Optional<AccountToken> current = accounts.get(token.file(), token.paused());
            if (current.isEmpty()) {
                return Optional.empty();
            }
            RemovedAccount gone = new RemovedAccount(current.get(), removedAt);
            while (removed.containsKey(gone.storedName())) {
                gone = new RemovedAccount(gone.token(), gone.removedAt().plusMillis(1));
            }
            accounts.delete(token.file(), token.paused());
            Optional<InMemoryAuthFiles.Taken> file = mirror != null && !token.paused()
                    ? mirror.take(token.file()) : Optional.empty();
            removed.put(gone.storedName(), new Kept(gone, file));
            return Optional.of(gone);
        }
    }

    @Override
    public List<RemovedAccount> removed() {
        synchronized (accounts) {
            return new ArrayList<>(removed.values().stream().map(Kept::removed).toList());
        }
    }

    @Override
    public Optional<AccountToken> restore(RemovedAccount gone) {
        synchronized (accounts) {
            Kept kept = removed.get(gone.storedName());
            if (kept == null) {
                return Optional.empty();
            }
            AccountToken token = kept.removed().token();
            if (accounts.get(token.file(), token.paused()).isPresent()
                    || !token.paused() && mirror != null && mirror.holds(token.file())) {
                throw new ConflictException(ErrorCode.ACCOUNT_EXISTS, "a file of its name is there again");
            }
            accounts.putEntry(token);
            if (mirror != null && !token.paused()) {
                kept.file().ifPresent(file -> mirror.putBack(token.file(), file));
            }
            removed.remove(gone.storedName());
            return Optional.of(token);
        }
    }

    @Override
    public boolean purge(RemovedAccount gone) {
        synchronized (accounts) {
            return removed.remove(gone.storedName()) != null;
        }
    }
}
