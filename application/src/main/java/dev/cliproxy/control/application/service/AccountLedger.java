package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountAutomationState;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one place accounts change state, for a person's pause and resume and for the quota automation alike: under one
 * lock, the file moved and the pause and notes recorded in the order that keeps a crash on the safe side, and the
 * alert told. Everything else only reads.
 */
final class AccountLedger {

    private static final System.Logger LOG = System.getLogger(AccountLedger.class.getName());

    private final AccountStorePort store;
    private final Clock clock;
    private final Duration expiringWindow;
    private final Consumer<AccountAlert> alerts;
    private final ReentrantLock lock = new ReentrantLock();

    AccountLedger(AccountStorePort store, Clock clock, Duration expiringWindow, Consumer<AccountAlert> alerts) {
        this.store = store;
        this.clock = clock;
        this.expiringWindow = expiringWindow;
        this.alerts = alerts;
    }

    /** The token files with their pause records and notes, read together. */
    record Snapshot(List<AccountToken> tokens, Map<String, AccountPause> pauses, Map<String, AccountNotes> notes) {

        AccountAutomationState state(AccountToken token) {
            return AccountAutomationState.of(token, Optional.ofNullable(pauses.get(token.file())), notes(token.file()));
        }

        AccountNotes notes(String file) {
            return notes.getOrDefault(file, AccountNotes.NONE);
        }
    }

    Snapshot snapshot() {
        Map<String, AccountPause> pauses = store.pauses();
        Map<String, AccountNotes> notes = store.notes();
        return new Snapshot(store.list(), pauses, notes);
    }

    /** The pause records alone: a cheap look (the state file is read again only once it changed). */
    Map<String, AccountPause> pauses() {
        return store.pauses();
    }

    Instant now() {
        return clock.instant();
    }

    TokenState tokenState(AccountToken token, Instant now) {
        return TokenState.of(token.expiresAt(), now, expiringWindow);
    }

    <T> T locked(Supplier<T> change) {
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Brings {@code token}'s account from {@code from} to {@code to} if that is still its state; nothing when it is
     * not (a person acted since {@code from} was read) or its file is gone.
     */
    void applyIfCurrent(AccountToken token, AccountAutomationState from, AccountAutomationState to, PauseReason by,
                        List<QuotaEntry> low) {
        lock.lock();
        try {
            Snapshot now = snapshot();
            now.tokens().stream().filter(t -> t.file().equals(token.file()) && t.paused() == from.paused())
                    .findFirst().filter(current -> now.state(current).equals(from))
                    .ifPresent(current -> apply(current, from, to, by, low));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Brings {@code token}'s account from {@code from} (its state now: call under {@link #locked}) to {@code to}. A
     * pause moves the file first and records after, so that a crash between them leaves a paused file without a
     * record, which counts as a person's and is never undone; a resume notes a person's hold before the file moves,
     * so that the automation never pauses again what a person resumed. {@code by}: who resumes; {@code low}: the
     * quotas that made the automation pause.
     */
    AccountToken apply(AccountToken token, AccountAutomationState from, AccountAutomationState to, PauseReason by,
                       List<QuotaEntry> low) {
        String file = token.file();
        boolean resuming = from.paused() && !to.paused();
        boolean holdChanged = !to.hold().equals(from.hold());
        if (resuming && holdChanged) {
            store.recordNotes(file, notes(file).withHold(to.hold()));
        }
        AccountToken moved = from.paused() == to.paused() ? token
                : store.move(token, to.paused()).orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND,
                        null));
        if (to.paused() && !to.pause().equals(from.pause())) {
            store.recordPause(file, to.pause());
        } else if (!to.paused() && from.pause().isPresent()) {
            store.recordPause(file, Optional.empty());
        }
        if (!resuming && holdChanged) {
            store.recordNotes(file, notes(file).withHold(to.hold()));
        }
        Instant at = clock.instant();
        if (!from.paused() && to.paused()) {
            publish(AccountAlert.paused(moved, to.pause().orElseThrow(), low, at));
        } else if (resuming) {
            publish(AccountAlert.resumed(moved, by, at));
        }
        return moved;
    }

    /** Changes the notes of {@code file} as they are now. */
    void updateNotes(String file, UnaryOperator<AccountNotes> change) {
        lock.lock();
        try {
            AccountNotes current = notes(file);
            AccountNotes next = change.apply(current);
            if (!next.equals(current)) {
                store.recordNotes(file, next);
            }
        } finally {
            lock.unlock();
        }
    }

    private AccountNotes notes(String file) {
        return store.notes().getOrDefault(file, AccountNotes.NONE);
    }

    /** Tells an alert; a listener's failure never undoes or stops the change it tells of. */
    void publish(AccountAlert alert) {
        try {
            alerts.accept(alert);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "alert not told: {0}", e.getMessage());
        }
    }
}
