package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.WatchAccountEventsUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.AccountEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Where the sign-ins and imports tell their events; a listener that throws is dropped, the others still hear. */
public final class AccountEventsService implements WatchAccountEventsUseCase {

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public WatchProxyStatusUseCase.Subscription watch(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(AccountEvent event) {
        for (Listener listener : listeners) {
            try {
                listener.event(event);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
    }
}
