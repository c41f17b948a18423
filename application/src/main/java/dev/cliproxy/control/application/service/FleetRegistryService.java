package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetSettings;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The fleet's instances: the local ones are whatever the CCS directory holds (the current port, and every port with
 * a proxy config or a session record, so that a proxy the {@code ccs} CLI runs on another port is listed by
 * itself); the {@code ccs} settings' remote target while remote mode is on; and the proxies on other hosts
 * registered by hand in the control settings' {@code fleet} section, whose writes retry when another writer changed
 * the settings in between.
 */
public final class FleetRegistryService implements ListFleetInstancesUseCase, RegisterFleetInstanceUseCase {

    /** How often a registration is tried against settings that other writers keep changing. */
    static final int WRITE_ATTEMPTS = 5;

    private final ControlSettingsPort controlSettings;
    private final ProxySettingsPort proxySettings;
    private final ProxyConfigFilePort configFiles;
    private final SessionStorePort sessions;

    public FleetRegistryService(ControlSettingsPort controlSettings, ProxySettingsPort proxySettings,
                                ProxyConfigFilePort configFiles, SessionStorePort sessions) {
        this.controlSettings = controlSettings;
        this.proxySettings = proxySettings;
        this.configFiles = configFiles;
        this.sessions = sessions;
    }

    /** The {@code fleet} section of the stored control settings. */
    static FleetSettings fleetSettings(ControlSettingsPort store) {
        return FleetSettings.fromSection(store.read().settings().otherSections().get(FleetSettings.SECTION));
    }

    @Override
    public List<FleetInstance> list() {
        SortedSet<Integer> ports = new TreeSet<>();
        ports.add(proxySettings.lifecyclePort());
        ports.addAll(configFiles.ports());
        ports.addAll(sessions.ports());
        List<FleetInstance> instances = new ArrayList<>();
        ports.forEach(port -> instances.add(new FleetInstance.Local(port)));
        proxySettings.remote().ifPresent(target -> instances.add(new FleetInstance.Remote(
                FleetInstance.CCS_REMOTE_ID, "ccs remote (" + target.baseUri() + ")", target)));
        instances.addAll(fleetSettings(controlSettings).remotes());
        return instances;
    }

    @Override
    public FleetInstance find(String id) {
        return list().stream().filter(instance -> instance.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException(ErrorCode.FLEET_INSTANCE_NOT_FOUND,
                        "No fleet instance has the id " + shown(id) + ": GET /api/fleet/instances lists them."));
    }

    @Override
    public FleetInstance.Remote register(Command command) {
        FleetSettings.Registered registered = new FleetSettings.Registered(command.name().strip(),
                RemoteProxy.parseBaseUrl(command.baseUrl()), command.managementKey());
        // Nor "local": the usage history's name of this machine's proxy, whose records a fleet instance's would join.
        String id = FleetInstance.idFor(registered.name()).filter(name -> !name.equals(UsageRecord.LOCAL))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_FLEET_INSTANCE, "the name must hold"
                        + " letters or digits, and not make the id of a local instance (local-<port>), of this"
                        + " machine's proxy in the usage history (" + UsageRecord.LOCAL + ") or of the ccs remote ("
                        + FleetInstance.CCS_REMOTE_ID + ")"));
        change(fleet -> {
            if (fleet.instances().containsKey(id)) {
                throw new ConflictException(ErrorCode.FLEET_INSTANCE_EXISTS, "An instance with the id " + id
                        + " is registered already: remove it first, or choose another name.");
            }
            return fleet.with(id, registered);
        });
        return new FleetInstance.Remote(id, registered.name(), registered.target());
    }

    @Override
    public void remove(String id) {
        FleetInstance instance = find(id);
        if (!(instance instanceof FleetInstance.Remote) || id.equals(FleetInstance.CCS_REMOTE_ID)) {
            throw new ConflictException(ErrorCode.FLEET_INSTANCE_FIXED, id.equals(FleetInstance.CCS_REMOTE_ID)
                    ? "The ccs remote is the ccs settings' cliproxy_server.remote: turn remote mode off there."
                    : "Local instances are the ports of the CCS directory: remove the port's proxy config and"
                    + " session record to drop it.");
        }
        change(fleet -> {
            if (!fleet.instances().containsKey(id)) {
                throw new NotFoundException(ErrorCode.FLEET_INSTANCE_NOT_FOUND, "The instance " + id
                        + " was removed meanwhile.");
            }
            return fleet.without(id);
        });
    }

    /** Applies {@code change} to the stored fleet section, again when another writer got in between. */
    private void change(UnaryOperator<FleetSettings> change) {
        for (int attempt = 1; ; attempt++) {
            ControlSettingsDocument current = controlSettings.read();
            FleetSettings fleet = FleetSettings.fromSection(
                    current.settings().otherSections().get(FleetSettings.SECTION));
            try {
                controlSettings.replace(current.settings().withSection(FleetSettings.SECTION,
                        change.apply(fleet).toSection()), new WritePrecondition.MatchesAny(List.of(current.etag())));
                return;
            } catch (PreconditionFailedException changedMeanwhile) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw changedMeanwhile;
                }
            }
        }
    }

    private static String shown(String id) {
        String text = id.length() > 60 ? id.substring(0, 60) + "..." : id;
        return "\"" + text.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
