package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.FleetInstance;
import java.util.List;

/** {@code GET /api/fleet/instances}: {@code {"instances":[...]}}. */
public record FleetInstancesResponse(List<FleetInstanceResponse> instances) {

    public static FleetInstancesResponse from(List<FleetInstance> instances) {
        return new FleetInstancesResponse(instances.stream().map(FleetInstanceResponse::from).toList());
    }
}
