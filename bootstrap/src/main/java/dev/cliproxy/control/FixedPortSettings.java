package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.List;
import java.util.Optional;

/**
 * The settings of the local proxy of one port of the CCS directory, which need not be the current one: everything
 * as the {@code ccs} settings say, but that port. Always local: the remote mode names no port of this directory.
 */
final class FixedPortSettings implements ProxySettingsPort {

    private final ProxySettingsPort settings;
    private final int port;

    FixedPortSettings(ProxySettingsPort settings, int port) {
        this.settings = settings;
        this.port = port;
    }

    @Override
    public int lifecyclePort() {
        return port;
    }

    @Override
    public List<String> apiKeys(int forPort) {
        return settings.apiKeys(forPort);
    }

    @Override
    public Optional<String> managementSecret(int forPort) {
        return settings.managementSecret(forPort);
    }

    @Override
    public Backend backend() {
        return settings.backend();
    }

    @Override
    public ClientKeys clientKeys() {
        return settings.clientKeys();
    }

    @Override
    public String managementPanelRepository() {
        return settings.managementPanelRepository();
    }
}
