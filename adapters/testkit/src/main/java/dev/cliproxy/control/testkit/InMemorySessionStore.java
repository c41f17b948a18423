package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/** The session files of every port, in memory; updates are serialised as the real file lock serialises them. */
public final class InMemorySessionStore implements SessionStorePort {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, SessionRecord> records = new HashMap<>();

    @Override
    public Optional<SessionRecord> read(int port) {
        lock.lock();
        try {
            return Optional.ofNullable(records.get(port));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
        lock.lock();
        try {
            Optional<SessionRecord> next = change.apply(Optional.ofNullable(records.get(port)));
            next.ifPresentOrElse(r -> records.put(port, r), () -> records.remove(port));
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<Integer> ports() {
        lock.lock();
        try {
            return Set.copyOf(records.keySet());
        } finally {
            lock.unlock();
        }
    }
}
