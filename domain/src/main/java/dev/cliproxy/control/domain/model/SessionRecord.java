package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of {@code sessions.json}, shared with the {@code ccs} CLI: which proxy process serves a port and
 * which sessions use it. {@code processStart}, {@code command} and {@code owners} are ours (the CLI does not write
 * them): the first two identify the process beyond its PID, {@code owners} names the process that opened each of
 * our sessions. A session id without an owner (the CLI's, or a start's hold) counts as live.
 */
public record SessionRecord(int port, long pid, List<String> sessions, Instant startedAt, Optional<String> version,
                            Optional<Instant> processStart, Optional<String> command,
                            Map<String, SessionOwner> owners) {

    public SessionRecord {
        Objects.requireNonNull(startedAt, "startedAt");
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(processStart, "processStart");
        Objects.requireNonNull(command, "command");
        // Owners of ids no longer listed are ours to forget.
        Map<String, SessionOwner> kept = new LinkedHashMap<>(owners);
        kept.keySet().retainAll(sessions);
        owners = Map.copyOf(kept);
    }

    /** The record of a proxy just started by us, identified by its start instant and command. */
    public static SessionRecord started(int port, ProcessInfo process, Instant startedAt, List<String> sessions) {
        return new SessionRecord(port, process.pid(), sessions, startedAt, Optional.empty(),
                process.startInstant(), process.command(), Map.of());
    }

    /** This record with one more session, owned by {@code owner} when present. */
    public SessionRecord withSession(String id, Optional<SessionOwner> owner) {
        List<String> ids = new ArrayList<>(sessions);
        ids.add(id);
        Map<String, SessionOwner> nextOwners = new LinkedHashMap<>(owners);
        owner.ifPresent(o -> nextOwners.put(id, o));
        return new SessionRecord(port, pid, ids, startedAt, version, processStart, command, nextOwners);
    }

    /** This record without the given sessions. */
    public SessionRecord withoutSessions(Collection<String> ids) {
        List<String> rest = new ArrayList<>(sessions);
        rest.removeAll(ids);
        return new SessionRecord(port, pid, rest, startedAt, version, processStart, command, owners);
    }
}
