package dev.cliproxy.control;

import dev.cliproxy.control.application.service.FleetQuotaService;
import dev.cliproxy.control.application.service.FleetRegistryService;
import dev.cliproxy.control.application.service.FleetStatusService;
import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.ListModelsService;
import dev.cliproxy.control.application.service.ProxyLifecycle;
import dev.cliproxy.control.application.service.ProxyPorts;
import dev.cliproxy.control.application.service.RestartProxyService;
import dev.cliproxy.control.application.service.StartProxyService;
import dev.cliproxy.control.application.service.StopProxyService;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.application.service.CollectUsageService;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase;
import dev.cliproxy.control.bootstrap.http.FleetApi;
import dev.cliproxy.control.bootstrap.http.InstanceApi;
import dev.cliproxy.control.bootstrap.http.ProcessApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet: its registry, every instance's status and quotas, and each instance's use cases. The current port's
 * local proxy is the facade's own (supervised, watched); another local port gets the same services bound to that
 * port; a proxy on another host gets the remote wiring's.
 */
final class FleetWiring {

    final FleetApi api;
    final FleetOperations operations;
    /** The fleet's instances, as {@code GET /api/fleet/instances} lists them. */
    final ListFleetInstancesUseCase registry;

    private final ControlOptions options;
    private final CcsLayout layout;
    private final ProcessWiring process;
    private final FileWiring files;
    private final QuotaWiring quota;
    private final RemoteWiring remote;
    private final Map<Integer, InstanceApi> otherPorts = new ConcurrentHashMap<>();

    FleetWiring(ControlOptions options, CcsLayout layout, ControlSettingsPort controlSettings, ProcessWiring process,
                FileWiring files, QuotaWiring quota, RemoteWiring remote) {
        this.options = options;
        this.layout = layout;
        this.process = process;
        this.files = files;
        this.quota = quota;
        this.remote = remote;
        FleetRegistryService registry = new FleetRegistryService(controlSettings, process.settings, files.configFiles,
                process.ports.sessions());
        this.registry = registry;
        // A registration tries the instance's key again, even one its proxy refused before.
        RegisterFleetInstanceUseCase registering = new RegisterFleetInstanceUseCase() {
            @Override
            public FleetInstance.Remote register(Command command) {
                FleetInstance.Remote registered = registry.register(command);
                remote.clients.forgetRefusal(registered.target());
                return registered;
            }

            @Override
            public void remove(String id) {
                registry.remove(id);
            }
        };
        FleetStatusService status = new FleetStatusService(registry,
                instance -> instance(instance).process().status(), controlSettings);
        FleetQuotaService quotas = new FleetQuotaService(registry, instance -> new FleetQuotaService.Instance(
                instance(instance).files().listAuthFiles(), instance(instance).quota()), controlSettings,
                options.quotaRequestsPerMinute, options.clock);
        this.api = new FleetApi(registry, registering, status, quotas, this::instance);
        this.operations = new FleetOperations(registry, registering, status, quotas, this::instance);
        // The ccs remote mode's target is the fleet's ccs-remote instance: one set of use cases for both.
        process.target.remoteInstances(target -> remote.instance(target, true));
    }

    /**
     * Where the usage collector drains the fleet's other proxies from: each other local port of the CCS directory
     * (the {@code ccs} CLI's proxies, whose configs it writes with the same management secret) through {@code feed}
     * as this machine's, and each proxy on another host (the registered ones and the ccs remote) through the client
     * its other use cases share.
     */
    List<CollectUsageService.Source> usageSources(UsageFeedPort feed) {
        List<CollectUsageService.Source> sources = new ArrayList<>();
        int current = process.settings.lifecyclePort();
        for (FleetInstance instance : registry.list()) {
            switch (instance) {
                case FleetInstance.Local local when local.port() == current -> { }
                case FleetInstance.Local local -> sources.add(CollectUsageService.Source.otherPort(local, feed,
                        new FixedPortSettings(process.settings, local.port())));
                case FleetInstance.Remote remoteInstance -> sources.add(remote.usageSource(remoteInstance));
            }
        }
        return sources;
    }

    /** The use cases of {@code instance}. */
    InstanceApi instance(FleetInstance instance) {
        return switch (instance) {
            case FleetInstance.Local local when local.port() == process.settings.lifecyclePort() ->
                    new InstanceApi(process.localApi, files.localApi, quota.service);
            case FleetInstance.Local local -> otherPorts.computeIfAbsent(local.port(), this::otherPort);
            case FleetInstance.Remote registered -> remote.instance(registered.target(),
                    registered.id().equals(FleetInstance.CCS_REMOTE_ID));
        };
    }

    /** The local proxy of a port other than the current one: the same services, bound to that port, unsupervised. */
    private InstanceApi otherPort(int port) {
        ProxySettingsPort settings = new FixedPortSettings(process.settings, port);
        ProxyPorts shared = process.ports;
        ProxyLifecycle lifecycle = new ProxyLifecycle(layout, new ProxyPorts(settings, shared.sessions(),
                shared.processes(), shared.proxyApi(), shared.startupLock(), shared.configs()), process.timings);
        GetProxyStatusService status = new GetProxyStatusService(lifecycle);
        StartProxyService start = new StartProxyService(lifecycle, Optional.ofNullable(options.proxyBinary),
                options.clock);
        StopProxyService stop = new StopProxyService(lifecycle);
        ProcessApi api = new ProcessApi(status, start, stop, new RestartProxyService(lifecycle, start, stop),
                new WatchProxyStatusService(status, settings, shared.sessions(), options.statusPoll),
                new ListModelsService(status, settings, shared.proxyApi(), options.modelsTimeout),
                () -> SupervisionStatus.OFF);
        return new InstanceApi(api, files.forPort(settings, options.maxConfigBytes), quota.service);
    }
}
