package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.util.List;

/**
 * Which sessions of a record count: every id without an owner (the CLI's, and a start's hold) and every id whose
 * owner process is still alive and still the same process (same start instant).
 */
final class LiveSessions {

    private final ProxyProcessPort processes;

    LiveSessions(ProxyProcessPort processes) {
        this.processes = processes;
    }

    int count(SessionRecord record) {
        return record.sessions().size() - dead(record).size();
    }

    /** The record without the sessions whose owner has died. */
    SessionRecord pruned(SessionRecord record) {
        List<String> dead = dead(record);
        return dead.isEmpty() ? record : record.withoutSessions(dead);
    }

    private List<String> dead(SessionRecord record) {
        return record.owners().entrySet().stream()
                .filter(entry -> !alive(entry.getValue()))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    private boolean alive(SessionOwner owner) {
        return processes.find(owner.pid())
                .filter(process -> owner.start().isEmpty() || process.startInstant().isEmpty()
                        || RecordedProcessVerifier.sameStart(owner.start().get(), process.startInstant().get()))
                .isPresent();
    }
}
