package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import java.util.Objects;

/** The use cases the HTTP API serves, one per operation of the contract. */
public record ApiServices(GetProxyStatusUseCase proxyStatus, StartProxyUseCase proxyStart,
                          StopProxyUseCase proxyStop) {

    public ApiServices {
        Objects.requireNonNull(proxyStatus, "proxyStatus");
        Objects.requireNonNull(proxyStart, "proxyStart");
        Objects.requireNonNull(proxyStop, "proxyStop");
    }
}
