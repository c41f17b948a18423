package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import java.util.List;

/** {@code GET /api/fleet/status}: every instance's state at once. */
public interface GetFleetStatusUseCase {

    /**
     * Asks every instance at the same time, each within the fleet's status timeout; an instance that has not
     * answered by then is reported as timed out and holds up nobody. In the order of the instance list.
     */
    List<FleetInstanceStatus> status();
}
