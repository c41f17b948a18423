package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetSupervisionStatusUseCase;
import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import java.util.Objects;

/**
 * What the API serves of the proxy process: its status and changes, start, stop, restart, its models, and what its
 * supervisor knows.
 */
public record ProcessApi(GetProxyStatusUseCase status, StartProxyUseCase start, StopProxyUseCase stop,
                         RestartProxyUseCase restart, WatchProxyStatusUseCase events, ListModelsUseCase models,
                         GetSupervisionStatusUseCase supervision) {

    public ProcessApi {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(supervision, "supervision");
    }
}
