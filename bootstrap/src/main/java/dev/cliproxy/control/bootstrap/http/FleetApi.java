package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetFleetQuotaUseCase;
import dev.cliproxy.control.application.usecase.GetFleetStatusUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase;
import dev.cliproxy.control.domain.model.FleetInstance;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the API serves of the fleet ({@code /api/fleet}): its instances, registering and removing them, every
 * instance's status and quotas, and each instance's own API ({@code instanceApi}).
 */
public record FleetApi(ListFleetInstancesUseCase instances, RegisterFleetInstanceUseCase registry,
                       GetFleetStatusUseCase status, GetFleetQuotaUseCase quota,
                       Function<FleetInstance, InstanceApi> instanceApi) {

    public FleetApi {
        Objects.requireNonNull(instances, "instances");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(instanceApi, "instanceApi");
    }
}
