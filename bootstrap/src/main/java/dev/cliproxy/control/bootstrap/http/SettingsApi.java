package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetControlSettingsUseCase;
import dev.cliproxy.control.application.usecase.UpdateControlSettingsUseCase;
import java.util.Objects;

/** What the API serves of the control server's own settings. */
public record SettingsApi(GetControlSettingsUseCase read, UpdateControlSettingsUseCase update) {

    public SettingsApi {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(update, "update");
    }
}
