package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemSessionStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemStartupLockAdapter;
import dev.cliproxy.control.adapter.fs.YamlDefaultProxyConfigAdapter;
import dev.cliproxy.control.adapter.fs.YamlProxySettingsAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyApiAdapter;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.ListModelsService;
import dev.cliproxy.control.application.service.ProxyLifecycle;
import dev.cliproxy.control.application.service.ProxyPorts;
import dev.cliproxy.control.application.service.ProxySessionService;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.service.RestartProxyService;
import dev.cliproxy.control.application.service.StartProxyService;
import dev.cliproxy.control.application.service.StopProxyService;
import dev.cliproxy.control.application.service.SuperviseProxyService;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.util.concurrent.atomic.AtomicReference;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.bootstrap.http.ProcessApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The proxy process's lifecycle: status, start, stop, restart, sessions, watching, supervision, and the models it
 * serves.
 */
final class ProcessWiring {

    final ProxySettingsPort settings;
    final ProxyApiPort proxyApi;
    /** The ports of the current port's proxy, which the other local ports' proxies share but for the port. */
    final ProxyPorts ports;
    final ProxyTimings timings;
    /** The local proxy or, in the ccs remote mode, the remote one, as each call finds the settings. */
    final CcsTarget target;
    /** The process port, whose trials an install runs when it runs them too. */
    final ProxyProcessPort processes;
    /** The start/stop kernel, which an install's trials and restarts go through too. */
    final ProxyLifecycle lifecycle;
    private final StartProxyService start;
    /** The local proxy's use cases, whatever the ccs settings' remote mode says. */
    final ProcessApi localApi;
    /** The use cases the routes and the facade serve: {@link #localApi}'s, or the remote proxy's. */
    final ProcessApi api;
    final ProxyOperations operations;
    final SessionOperations sessions;
    final ModelOperations models;

    /** Started here, closed with the facade. */
    final SuperviseProxyService supervisor;
    final SupervisionOperations supervision;

    ProcessWiring(ControlOptions options, CcsLayout layout, ControlSettingsPort controlSettings) {
        Clock clock = options.clock;
        SessionStorePort sessionStore = options.sessionStore != null
                ? options.sessionStore : new FileSystemSessionStoreAdapter(layout, clock);
        this.processes = options.proxyProcess != null
                ? options.proxyProcess : new OsProxyProcessAdapter(layout);
        this.proxyApi = options.proxyApi != null ? options.proxyApi : new JdkProxyApiAdapter();
        this.settings = options.proxySettings != null ? options.proxySettings : new YamlProxySettingsAdapter(layout);
        this.target = new CcsTarget(settings);
        this.ports = new ProxyPorts(settings, sessionStore, processes, proxyApi,
                options.startupLock != null
                        ? options.startupLock : new FileSystemStartupLockAdapter(layout, clock, processes),
                options.defaultProxyConfig != null
                        ? options.defaultProxyConfig : new YamlDefaultProxyConfigAdapter(layout));
        this.timings = new ProxyTimings(options.probeTimeout, options.startupTimeout, options.stopGrace,
                ProxyTimings.DEFAULT_READINESS_POLL, ProxyTimings.DEFAULT_LOCK_WAIT);
        this.lifecycle = new ProxyLifecycle(layout, ports, timings);
        // The status keeps a crashed proxy's record for the supervisor, which is built once the status watch is.
        AtomicReference<SuperviseProxyService> supervising = new AtomicReference<>();
        GetProxyStatusService status = new GetProxyStatusService(lifecycle,
                record -> supervising.get() != null && supervising.get().keepsStaleRecord(record));
        this.start = new StartProxyService(lifecycle, Optional.ofNullable(options.proxyBinary), clock);
        StopProxyService stop = new StopProxyService(lifecycle);
        ProxySessionService proxySessions = new ProxySessionService(lifecycle, start, stop);
        RestartProxyService restart = new RestartProxyService(lifecycle, start, stop);
        ListModelsService modelList = new ListModelsService(status, settings, proxyApi, options.modelsTimeout);
        // The watch follows what the routes show (the remote proxy while the ccs remote mode is on), and shares
        // their looks.
        GetProxyStatusUseCase targetStatus = target.status(status);
        WatchProxyStatusService watch = new WatchProxyStatusService(targetStatus, settings, sessionStore,
                options.statusPoll);
        this.supervisor = new SuperviseProxyService(layout, ports, timings, start, controlSettings, options.supervise,
                clock, watch::publish, options.supervisionInterval, SuperviseProxyService.DEFAULT_STOP_GRACE);
        supervising.set(supervisor);
        // A stop asked for through the API or the facade also cancels a restart the supervisor has planned.
        StopProxyUseCase stopping = supervisor.stoppingSupervised(stop);
        this.localApi = new ProcessApi(status, start, stopping, restart, watch, modelList, supervisor);
        this.api = target.process(localApi, targetStatus);
        this.operations = new ProxyOperations(api.status(), api.start(), api.stop(), api.restart(), watch);
        this.supervision = new SupervisionOperations(supervisor);
        this.sessions = new SessionOperations(proxySessions, proxySessions);
        this.models = new ModelOperations(api.models());
        supervisor.start();
    }

    /** The executable a start runs now (see {@link CliProxyControl#proxyBinary()}). */
    Path proxyBinary() {
        return start.binary(settings.backend());
    }
}
