package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.FleetInstance;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/fleet/instances} and {@code DELETE /api/fleet/instances/{id}}: the proxies on other hosts
 * registered by hand, kept in the control settings' {@code fleet} section.
 */
public interface RegisterFleetInstanceUseCase {

    /**
     * Registers a proxy on another host under the id its name gives.
     *
     * @throws dev.cliproxy.control.domain.error.InvalidInputException a bad name or base URL
     * @throws dev.cliproxy.control.domain.error.ConflictException an instance of that id is registered already
     */
    FleetInstance.Remote register(Command command);

    /**
     * Forgets a registered instance.
     *
     * @throws dev.cliproxy.control.domain.error.NotFoundException no such instance
     * @throws dev.cliproxy.control.domain.error.ConflictException a local instance or the {@code ccs} remote, which
     *         the CCS directory and the {@code ccs} settings decide
     */
    void remove(String id);

    /** What a person gives: a name, a base URL and the management key (never shown again). */
    record Command(String name, String baseUrl, Optional<String> managementKey) {
        public Command {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(managementKey, "managementKey");
        }

        @Override
        public String toString() {
            return "Command[" + name + ", " + baseUrl + ", managementKey="
                    + (managementKey.isPresent() ? "***" : "none") + "]";
        }
    }
}
