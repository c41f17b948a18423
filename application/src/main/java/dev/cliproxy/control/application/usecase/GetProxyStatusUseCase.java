package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ProxyStatus;

/** {@code GET /proxy-status}: is the proxy of the current port running, and what is known of it. */
public interface GetProxyStatusUseCase {

    ProxyStatus status();
}
