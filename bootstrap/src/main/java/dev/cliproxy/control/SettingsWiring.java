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

    SettingsWiring(CliProxyControlBuilder builder, CcsLayout layout) {
        this.store = builder.controlSettings != null
                ? builder.controlSettings : new FileSystemControlSettingsAdapter(layout, builder.clock);
        ControlSettingsService service = new ControlSettingsService(store);
        this.api = new SettingsApi(service, service);
        this.operations = new ControlSettingsOperations(service, service);
    }
}
