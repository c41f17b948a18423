package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ConfigDocument;

/** {@code GET /config.yaml}: the proxy config file of the current port; 404 when there is none. */
public interface GetProxyConfigUseCase {

    ConfigDocument read();
}
