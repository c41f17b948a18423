package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.SessionRecord;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The session lock file of a port ({@code sessions.json} or {@code sessions-<port>.json}), shared with the CLI. */
public interface SessionStorePort {

    /** The record of that port; empty when there is none or it is unreadable (as the CLI treats it). */
    Optional<SessionRecord> read(int port);

    /**
     * Applies {@code change} to the current record and stores the result atomically, under a lock that serialises
     * writers in this and other processes; an empty result deletes the file. Fields of the file that the record
     * does not model are kept. Returns what was stored.
     */
    Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change);

    /**
     * The ports that have a session record here ({@code sessions.json} for 8317, {@code sessions-<port>.json});
     * empty when this store cannot tell, which is the default.
     */
    default Set<Integer> ports() {
        return Set.of();
    }
}
