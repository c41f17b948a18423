package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetFleetQuotaUseCase;
import dev.cliproxy.control.application.usecase.GetFleetStatusUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase;
import dev.cliproxy.control.bootstrap.http.InstanceApi;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetInstanceQuota;
import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Several proxies in one control plane: {@code control.fleet()}. The local ones are the ports of the CCS directory;
 * proxies on other hosts are registered with a name, a base URL and a management key (kept in the control settings'
 * {@code fleet} section, never shown again) and reached through CLIProxyAPI's own management API.
 */
public final class FleetOperations {

    private final ListFleetInstancesUseCase instances;
    private final RegisterFleetInstanceUseCase registry;
    private final GetFleetStatusUseCase status;
    private final GetFleetQuotaUseCase quota;
    private final Function<FleetInstance, InstanceApi> instanceApi;

    FleetOperations(ListFleetInstancesUseCase instances, RegisterFleetInstanceUseCase registry,
                    GetFleetStatusUseCase status, GetFleetQuotaUseCase quota,
                    Function<FleetInstance, InstanceApi> instanceApi) {
        this.instances = instances;
        this.registry = registry;
        this.status = status;
        this.quota = quota;
        this.instanceApi = instanceApi;
    }

    /** Every instance: the local ports, the {@code ccs} remote while remote mode is on, the registered ones. */
    public List<FleetInstance> instances() {
        return instances.list();
    }

    /**
     * Registers a proxy on another host; its id comes from {@code name}. Throws {@code InvalidInputException} for a
     * bad name or URL, {@code ConflictException} when the id is taken.
     */
    public FleetInstance.Remote register(String name, String baseUrl, Optional<String> managementKey) {
        return registry.register(new RegisterFleetInstanceUseCase.Command(name, baseUrl, managementKey));
    }

    /** Forgets a registered instance; a local one or the {@code ccs} remote is a {@code ConflictException}. */
    public void remove(String id) {
        registry.remove(id);
    }

    /** Every instance's state, asked at once, each within {@code fleet.statusTimeout}. */
    public List<FleetInstanceStatus> status() {
        return status.status();
    }

    /** The quota of every account of every instance. */
    public List<FleetInstanceQuota> quota() {
        return quota.quota();
    }

    /**
     * The operations of one instance, the same as the facade's own for the local proxy: its status, start and stop
     * (a remote one refuses them), models, error logs, config and auth files. Throws {@code NotFoundException} for
     * an unknown id.
     */
    public Instance instance(String id) {
        InstanceApi api = instanceApi.apply(instances.find(id));
        return new Instance(
                new ProxyOperations(api.process().status(), api.process().start(), api.process().stop(),
                        api.process().restart(), api.process().events()),
                new ModelOperations(api.process().models()),
                new ErrorLogOperations(api.files().listErrorLogs(), api.files().readErrorLog()),
                new ConfigOperations(api.files().getConfig(), api.files().updateConfig()),
                new AuthFileOperations(api.files().listAuthFiles(), api.files().readAuthFile()),
                new QuotaOperations(api.quota()));
    }

    /** One instance's operations. */
    public record Instance(ProxyOperations proxy, ModelOperations models, ErrorLogOperations errorLogs,
                           ConfigOperations config, AuthFileOperations authFiles, QuotaOperations quota) {
        public Instance {
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(errorLogs, "errorLogs");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(authFiles, "authFiles");
            Objects.requireNonNull(quota, "quota");
        }
    }
}
