package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemControlSettingsAdapter;
import dev.cliproxy.control.application.service.ControlSettingsService;
import dev.cliproxy.control.bootstrap.http.SettingsApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.ControlSettingsPort;

/** The control server's own settings ({@code cliproxy/control.yaml}), which the other capabilities read. */
final class SettingsWiring {

    final ControlSettingsPort store;
    final SettingsApi api;
    final ControlSettingsOperations operations;

    SettingsWiring(ControlOptions options, CcsLayout layout) {
        this.store = options.controlSettings != null
                ? options.controlSettings : new FileSystemControlSettingsAdapter(layout, options.clock);
        ControlSettingsService service = new ControlSettingsService(store);
        this.api = new SettingsApi(service, service);
        this.operations = new ControlSettingsOperations(service, service);
    }
}
