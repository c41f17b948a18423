package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.FleetInstance;
import java.util.List;

/** {@code GET /api/fleet/instances}: the proxies of the fleet. */
public interface ListFleetInstancesUseCase {

    /**
     * Every local port of the CCS directory (the current one, and each that has a proxy config or a session record),
     * by port; then the {@code ccs} settings' remote target while remote mode is on; then the registered proxies on
     * other hosts, by id.
     */
    List<FleetInstance> list();

    /**
     * The instance of that id, as {@link #list()} has it.
     *
     * @throws dev.cliproxy.control.domain.error.NotFoundException no such instance
     */
    FleetInstance find(String id);
}
