package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account store that hands every call to an in-memory one: a test's store overrides only the call it changes
 * (a record implementing this gets {@link #delegate()} from its component).
 */
interface DelegatingAccountStore extends AccountStorePort {

    InMemoryAccounts delegate();

    @Override
    default List<AccountToken> list() {
        return delegate().list();
    }

    @Override
    default Optional<AccountToken> move(AccountToken token, boolean toPaused) {
        return delegate().move(token, toPaused);
    }

    @Override
    default Map<String, AccountPause> pauses() {
        return delegate().pauses();
    }

    @Override
    default void recordPause(String file, Optional<AccountPause> pause) {
        delegate().recordPause(file, pause);
    }

    @Override
    default Map<String, AccountNotes> notes() {
        return delegate().notes();
    }

    @Override
    default void recordNotes(String file, AccountNotes notes) {
        delegate().recordNotes(file, notes);
    }
}
