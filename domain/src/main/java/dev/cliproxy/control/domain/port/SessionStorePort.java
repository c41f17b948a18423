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
     * {@code record} made ready to be stored as {@code update(port, current -> Optional.of(record))} would, with the
     * work done now and only the putting in place left for {@link PreparedRecord#commit}: a start prepares its record
     * while the proxy starts up, so that it answers soon after the proxy does. The default prepares nothing ahead.
     */
    default PreparedRecord prepare(int port, SessionRecord record) {
        return new PreparedRecord() {
            @Override
            public SessionRecord record() {
                return record;
            }

            @Override
            public void commit() {
                update(port, current -> Optional.of(record));
            }

            @Override
            public void close() {
                // nothing was prepared
            }
        };
    }

    /**
     * The ports that have a session record here ({@code sessions.json} for 8317, {@code sessions-<port>.json});
     * empty when this store cannot tell, which is the default.
     */
    default Set<Integer> ports() {
        return Set.of();
    }

    /** A record ready to be stored; closing it without a commit leaves the store as it was. */
    interface PreparedRecord extends AutoCloseable {

        SessionRecord record();

        /** Stores the record, replacing the current one, as {@link #update} does; at most once. */
        void commit();

        /** Drops what was prepared unless it was committed. */
        @Override
        void close();
    }
}
