package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;

/** Reads the config file of the port the proxy uses now (contract §1), not always the 8317 one. */
public final class GetProxyConfigService implements GetProxyConfigUseCase {

    private final ProxySettingsPort settings;
    private final ProxyConfigFilePort configFiles;

    public GetProxyConfigService(ProxySettingsPort settings, ProxyConfigFilePort configFiles) {
        this.settings = settings;
        this.configFiles = configFiles;
    }

    @Override
    public ConfigDocument read() {
        return configFiles.read(settings.lifecyclePort())
                .orElseThrow(() -> new NotFoundException("Config file not found"));
    }

    @Override
    public ConfigDocument readBackup() {
        return configFiles.readBackup(settings.lifecyclePort())
                .orElseThrow(() -> new NotFoundException(ErrorCode.CONFIG_BACKUP_NOT_FOUND,
                        "There is no backup yet: each save keeps the content it replaces as the backup"));
    }
}
