package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import java.util.Objects;

/** The use cases the HTTP API serves, one per operation of the contract. */
public record ApiServices(GetProxyStatusUseCase proxyStatus, StartProxyUseCase proxyStart, StopProxyUseCase proxyStop,
                          ListModelsUseCase models, CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases,
                          GetQuotaUseCase quota) {

    public ApiServices {
        Objects.requireNonNull(proxyStatus, "proxyStatus");
        Objects.requireNonNull(proxyStart, "proxyStart");
        Objects.requireNonNull(proxyStop, "proxyStop");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(updateCheck, "updateCheck");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(quota, "quota");
    }
}
