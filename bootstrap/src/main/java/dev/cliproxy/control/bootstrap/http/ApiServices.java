package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import java.util.Objects;

/** The use cases the HTTP API serves, one per operation of the contract. */
public record ApiServices(GetProxyStatusUseCase proxyStatus, GetQuotaUseCase quota) {

    public ApiServices {
        Objects.requireNonNull(proxyStatus, "proxyStatus");
        Objects.requireNonNull(quota, "quota");
    }
}
