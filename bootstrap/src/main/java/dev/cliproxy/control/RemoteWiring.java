package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.JsonCredentialStoreAdapter;
import dev.cliproxy.control.adapter.http.JdkUsageFeedAdapter;
import dev.cliproxy.control.adapter.http.RemoteAuthFileStoreAdapter;
import dev.cliproxy.control.adapter.http.RemoteCredentialStoreAdapter;
import dev.cliproxy.control.adapter.http.RemoteLogStoreAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxyApiAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxyCheckAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxyClient;
import dev.cliproxy.control.adapter.http.RemoteProxyClients;
import dev.cliproxy.control.adapter.http.RemoteProxyConfigFileAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxyManagementAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxySettingsAdapter;
import dev.cliproxy.control.adapter.http.RemoteSessionStoreAdapter;
import dev.cliproxy.control.application.service.CollectUsageService;
import dev.cliproxy.control.application.service.GetProxyConfigService;
import dev.cliproxy.control.application.service.GetQuotaService;
import dev.cliproxy.control.application.service.ListAuthFilesService;
import dev.cliproxy.control.application.service.ListErrorLogsService;
import dev.cliproxy.control.application.service.ListModelsService;
import dev.cliproxy.control.application.service.ReadAuthFileService;
import dev.cliproxy.control.application.service.ReadErrorLogService;
import dev.cliproxy.control.application.service.RemoteProxyLifecycleService;
import dev.cliproxy.control.application.service.RemoteProxyStatusService;
import dev.cliproxy.control.application.service.UpdateProxyConfigService;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.bootstrap.http.FileApi;
import dev.cliproxy.control.bootstrap.http.InstanceApi;
import dev.cliproxy.control.bootstrap.http.ProcessApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetSettings;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The use cases of proxies on other hosts: the same services as the local proxy's, over the adapters of its
 * management API. One set per target (URL and keys), TLS trust and status timeout, built when first asked and kept
 * while those stay the same; what their management APIs refused is remembered across them all.
 */
final class RemoteWiring {

    /** More distinct targets than this means settings that keep changing: the kept sets are dropped and rebuilt. */
    private static final int MAX_KEPT = 64;

    private final ControlOptions options;
    private final CcsLayout layout;
    private final ControlSettingsPort controlSettings;
    private final QuotaWiring quota;
    final RemoteProxyClients clients;
    private final Map<Key, Remote> instances = new ConcurrentHashMap<>();

    RemoteWiring(ControlOptions options, CcsLayout layout, ControlSettingsPort controlSettings, QuotaWiring quota) {
        this.options = options;
        this.layout = layout;
        this.controlSettings = controlSettings;
        this.quota = quota;
        this.clients = new RemoteProxyClients(options.remoteTimeout, options.environment, options.clock);
    }

    /** What one set is built for: a change of any of these builds another. */
    private record Key(RemoteProxy target, boolean localTokensFirst, Optional<Path> trustedCaFile,
                       Optional<Long> caModified, Duration statusTimeout) {
    }

    /** One set: the use cases, and the client they share (which the usage collector drains through too). */
    private record Remote(InstanceApi api, RemoteProxyClient client) {
    }

    /**
     * The use cases of {@code target}; its quotas read the local token files first when {@code localTokensFirst}
     * (the {@code ccs} remote mode keeps them), else only the target's.
     */
    InstanceApi instance(RemoteProxy target, boolean localTokensFirst) {
        return remote(target, localTokensFirst).api();
    }

    /** Where the usage collector drains the fleet instance {@code instance} from: its client's management API. */
    CollectUsageService.Source usageSource(FleetInstance.Remote instance) {
        RemoteProxyClient client = remote(instance.target(), instance.id().equals(FleetInstance.CCS_REMOTE_ID))
                .client();
        return CollectUsageService.Source.remote(instance, JdkUsageFeedAdapter.remote(client),
                new RemoteProxySettingsAdapter(client));
    }

    private Remote remote(RemoteProxy target, boolean localTokensFirst) {
        FleetSettings fleet = FleetSettings.fromSection(
                controlSettings.read().settings().otherSections().get(FleetSettings.SECTION));
        Key key = new Key(target, localTokensFirst, fleet.trustedCaFile(),
                fleet.trustedCaFile().flatMap(RemoteWiring::modified), fleet.statusTimeout());
        if (instances.size() > MAX_KEPT) {
            instances.clear();
        }
        return instances.computeIfAbsent(key, this::build);
    }

    private Remote build(Key key) {
        RemoteProxyClient client = clients.client(key.target(), key.trustedCaFile());
        RemoteProxySettingsAdapter settings = new RemoteProxySettingsAdapter(client);
        RemoteProxyApiAdapter proxyApi = new RemoteProxyApiAdapter(client);
        RemoteProxyStatusService status = new RemoteProxyStatusService(
                new RemoteProxyCheckAdapter(client, options.clock), key.statusTimeout());
        RemoteProxyLifecycleService lifecycle = new RemoteProxyLifecycleService(key.target().baseUri());
        ProcessApi process = new ProcessApi(status, lifecycle, lifecycle, lifecycle,
                new WatchProxyStatusService(status, settings, new RemoteSessionStoreAdapter(), options.statusPoll),
                new ListModelsService(status, settings, proxyApi, options.modelsTimeout),
                () -> SupervisionStatus.OFF);
        RemoteLogStoreAdapter logs = new RemoteLogStoreAdapter(client);
        RemoteProxyConfigFileAdapter config = new RemoteProxyConfigFileAdapter(client, options.maxConfigBytes);
        RemoteAuthFileStoreAdapter authFiles = new RemoteAuthFileStoreAdapter(client);
        FileApi files = new FileApi(new ListErrorLogsService(logs), new ReadErrorLogService(logs),
                new GetProxyConfigService(settings, config),
                new UpdateProxyConfigService(settings, config, options.maxConfigBytes), options.maxConfigBytes,
                new ListAuthFilesService(authFiles), new ReadAuthFileService(authFiles), layout.ccsDirectory());
        CredentialStorePort remoteTokens = new RemoteCredentialStoreAdapter(client, JsonCredentialStoreAdapter::parse);
        CredentialStorePort tokens = key.localTokensFirst()
                ? (provider, accountId) -> quota.credentials.find(provider, accountId)
                        .or(() -> remoteTokens.find(provider, accountId))
                : remoteTokens;
        GetQuotaService quotas = new GetQuotaService(tokens, quota.providers.values(), quota.direct,
                new RemoteProxyManagementAdapter(client), settings, proxyApi, options.clock, quota.policy);
        return new Remote(new InstanceApi(process, files, quotas), client);
    }

    private static Optional<Long> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
