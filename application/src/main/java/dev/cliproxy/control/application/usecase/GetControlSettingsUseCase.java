package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ControlSettingsDocument;

/** {@code GET /control-settings}: the control server's own settings and their entity tag. */
public interface GetControlSettingsUseCase {

    ControlSettingsDocument read();
}
