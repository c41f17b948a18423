package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetControlSettingsUseCase;
import dev.cliproxy.control.application.usecase.UpdateControlSettingsUseCase;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.port.ControlSettingsPort;

/** Reads and writes the control settings; a write keeps every stored secret that the new settings leave out. */
public final class ControlSettingsService implements GetControlSettingsUseCase, UpdateControlSettingsUseCase {

    private final ControlSettingsPort store;

    public ControlSettingsService(ControlSettingsPort store) {
        this.store = store;
    }

    @Override
    public ControlSettingsDocument read() {
        return store.read();
    }

    @Override
    public ControlSettingsDocument update(Command command) {
        ControlSettings current;
        try {
            current = store.read().settings();
        } catch (StorageException unreadable) {
            // A broken file must not block its repair; it has no secret left to keep.
            current = ControlSettings.DEFAULTS;
        }
        return store.replace(command.settings().keepingSecretsOf(current), command.precondition());
    }
}
