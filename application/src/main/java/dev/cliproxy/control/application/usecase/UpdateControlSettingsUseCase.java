package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.Objects;

/**
 * {@code PUT /control-settings}: replaces the control settings whole (a section left out takes its defaults, a
 * secret left out keeps its stored value), if the stored ones still meet the precondition.
 */
public interface UpdateControlSettingsUseCase {

    ControlSettingsDocument update(Command command);

    /** The new settings and the condition the stored ones must meet. */
    record Command(ControlSettings settings, WritePrecondition precondition) {
        public Command {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(precondition, "precondition");
        }
    }
}
