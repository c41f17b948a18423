package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.FleetInstanceQuota;
import java.util.List;

/** {@code GET /api/fleet/quota}: the quota of every account of every instance. */
public interface GetFleetQuotaUseCase {

    /**
     * The accounts of each instance's auth files, each asked for its quota through that instance's quota use case,
     * a bounded number at a time and within a fleet-wide limit per provider; an account over the limit or whose
     * quota fails is reported with its failure, the others are not held up. In the order of the instance list.
     */
    List<FleetInstanceQuota> quota();
}
