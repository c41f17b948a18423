package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts' token files in {@code auth/} (active) and {@code auth-paused/} (paused, the layout the {@code ccs}
 * CLI uses), and the pause records and account watch's notes kept beside them. Nothing it returns holds a token.
 */
public interface AccountStorePort {

    /** Every {@code *.json} token file of both directories, in no particular order; empty when neither exists. */
    List<AccountToken> list();

    /**
     * Moves {@code file} (a name {@link #list()} returned) atomically to {@code auth-paused/} ({@code toPaused}) or
     * back to {@code auth/}, keeping its mode. Empty when it is no longer where it was; throws a
     * {@code ConflictException} when a file of that name is already where it goes.
     */
    Optional<AccountToken> move(AccountToken file, boolean toPaused);

    /** The pause records, by file name. */
    Map<String, AccountPause> pauses();

    /** Records (or, with an empty {@code pause}, forgets) the pause of {@code file}, atomically. */
    void recordPause(String file, Optional<AccountPause> pause);

    /** The account watch's notes, by file name: a person's resume to respect, the alerts already told. */
    Map<String, AccountNotes> notes();

    /**
     * Records the notes of {@code file}, atomically, beside its pause record (which stays as it is);
     * {@link AccountNotes#NONE} forgets them.
     */
    void recordNotes(String file, AccountNotes notes);
}
