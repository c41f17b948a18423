package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetControlSettingsUseCase;
import dev.cliproxy.control.application.usecase.UpdateControlSettingsUseCase;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.Objects;

/** The control server's own settings, {@code cliproxy/control.yaml}: {@code control.controlSettings()}. */
public final class ControlSettingsOperations {

    private final GetControlSettingsUseCase read;
    private final UpdateControlSettingsUseCase update;

    ControlSettingsOperations(GetControlSettingsUseCase read, UpdateControlSettingsUseCase update) {
        this.read = read;
        this.update = update;
    }

    /** The stored settings (defaults when there is no file) and their entity tag. */
    public ControlSettingsDocument read() {
        return read.read();
    }

    /**
     * Replaces the settings whole if the stored ones meet {@code precondition} (else
     * {@link dev.cliproxy.control.domain.error.PreconditionFailedException}); a stored secret the new settings
     * leave out is kept. Supervision follows the new settings at its next check.
     */
    public ControlSettingsDocument update(ControlSettings settings, WritePrecondition precondition) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(precondition, "precondition");
        return update.update(new UpdateControlSettingsUseCase.Command(settings, precondition));
    }
}
