package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import java.util.Objects;

/** The use cases the HTTP API serves, one per operation of the contract. */
public record ApiServices(GetProxyStatusUseCase proxyStatus) {

    public ApiServices {
        Objects.requireNonNull(proxyStatus, "proxyStatus");
    }
}
