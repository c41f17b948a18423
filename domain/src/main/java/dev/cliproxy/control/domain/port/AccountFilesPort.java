package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Adds the accounts' token files to {@code auth/}, and removes them to {@code auth-removed/} (where the proxy never
 * looks) and back. Every write is atomic, every file 0600; nothing it returns holds a token.
 */
public interface AccountFilesPort {

    /**
     * Writes {@code upload} into {@code auth/} as {@code file}, atomically (0600), and returns its entry as the
     * listing shows it. A {@code ConflictException} {@code account_exists} when a file of that name is in
     * {@code auth-paused/}, or in {@code auth/} unless {@code replace} (a link is replaced, never followed), or when
     * another file took the name while this one was written.
     */
    AccountToken add(AuthFileName file, TokenFileUpload upload, boolean replace);

    /**
     * Moves {@code token}'s file (a listed one) to {@code auth-removed/} ({@link RemovedAccount#storedName()}),
     * 0600; empty when it is no longer where it was.
     */
    Optional<RemovedAccount> remove(AccountToken token, Instant removedAt);

    /** The files of {@code auth-removed/} this store wrote, in no particular order. */
    List<RemovedAccount> removed();

    /**
     * Moves a removed file back where it came from; empty when it is gone, a {@code ConflictException}
     * {@code account_exists} when a file of its name is there again.
     */
    Optional<AccountToken> restore(RemovedAccount removed);

    /** Deletes a removed file for good; false when it was already gone. */
    boolean purge(RemovedAccount removed);
}
