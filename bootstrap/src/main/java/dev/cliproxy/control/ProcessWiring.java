package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemSessionStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemStartupLockAdapter;
import dev.cliproxy.control.adapter.fs.YamlDefaultProxyConfigAdapter;
import dev.cliproxy.control.adapter.fs.YamlProxySettingsAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyApiAdapter;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.ListModelsService;
import dev.cliproxy.control.application.service.ProxyPorts;
import dev.cliproxy.control.application.service.ProxySessionService;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.service.RestartProxyService;
import dev.cliproxy.control.application.service.StartProxyService;
import dev.cliproxy.control.application.service.StopProxyService;
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

/** The proxy process's lifecycle: status, start, stop, restart, sessions, watching, and the models it serves. */
final class ProcessWiring {

    final ProxySettingsPort settings;
    final ProxyApiPort proxyApi;
    /** The ports and timings of the life cycle, which an install restarts the proxy through. */
    final ProxyPorts ports;
    final ProxyTimings timings;
    private final StartProxyService start;
    final ProcessApi api;
    final ProxyOperations operations;
    final SessionOperations sessions;
    final ModelOperations models;

    ProcessWiring(CliProxyControlBuilder builder, CcsLayout layout) {
        Clock clock = builder.clock;
        SessionStorePort sessionStore = builder.sessionStore != null
                ? builder.sessionStore : new FileSystemSessionStoreAdapter(layout, clock);
        ProxyProcessPort processes = builder.proxyProcess != null
                ? builder.proxyProcess : new OsProxyProcessAdapter(layout);
        this.proxyApi = builder.proxyApi != null ? builder.proxyApi : new JdkProxyApiAdapter();
        this.settings = builder.proxySettings != null ? builder.proxySettings : new YamlProxySettingsAdapter(layout);
        this.ports = new ProxyPorts(settings, sessionStore, processes, proxyApi,
                builder.startupLock != null
                        ? builder.startupLock : new FileSystemStartupLockAdapter(layout, clock, processes),
                builder.defaultProxyConfig != null
                        ? builder.defaultProxyConfig : new YamlDefaultProxyConfigAdapter(layout));
        this.timings = new ProxyTimings(builder.probeTimeout, builder.startupTimeout, builder.stopGrace,
                ProxyTimings.DEFAULT_READINESS_POLL, ProxyTimings.DEFAULT_LOCK_WAIT);
        GetProxyStatusService status = new GetProxyStatusService(layout, settings, sessionStore, processes, proxyApi,
                builder.probeTimeout);
        this.start = new StartProxyService(layout, ports, timings, Optional.ofNullable(builder.proxyBinary), clock);
        StopProxyService stop = new StopProxyService(layout, ports, timings);
        ProxySessionService proxySessions = new ProxySessionService(ports, timings, start, stop);
        RestartProxyService restart = new RestartProxyService(ports, timings, start, stop);
        WatchProxyStatusService watch = new WatchProxyStatusService(status, settings, sessionStore,
                builder.statusPoll);
        ListModelsService modelList = new ListModelsService(status, settings, proxyApi, builder.modelsTimeout);
        this.api = new ProcessApi(status, start, stop, restart, watch, modelList);
        this.operations = new ProxyOperations(status, start, stop, restart, watch);
        this.sessions = new SessionOperations(proxySessions, proxySessions);
        this.models = new ModelOperations(modelList);
    }

    /** The executable a start runs now (see {@link CliProxyControl#proxyBinary()}). */
    Path proxyBinary() {
        return start.binary(settings.backend());
    }
}
