package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ConfigDocument;

/** {@code GET /config.yaml}: the proxy config file of the current port; 404 when there is none. */
public interface GetProxyConfigUseCase {

    ConfigDocument read();

    /**
     * {@code GET /config.yaml/backup}: what the last save of that file replaced, kept as {@code <file>.bak}, so that
     * a client can compare it and restore it (by saving it, with the same checks as any save); 404
     * {@code config_backup_not_found} before the first save.
     */
    ConfigDocument readBackup();
}
