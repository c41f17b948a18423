package dev.cliproxy.control;

import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.adapter.http.RemoteProxyClients;
import dev.cliproxy.control.application.service.AccountsService;
import dev.cliproxy.control.application.service.AlertsService;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.service.QuotaAutomationService;
import dev.cliproxy.control.application.service.SuperviseProxyService;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.domain.model.LoginPolicy;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.domain.port.ArchiveExtractorPort;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import dev.cliproxy.control.domain.port.BinaryVersionPort;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.LogStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import dev.cliproxy.control.domain.port.TrialConfigPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import dev.cliproxy.control.domain.port.UsageStorePort;
import dev.cliproxy.control.domain.port.VersionCachePort;
import dev.cliproxy.control.domain.port.WebhookPort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting and replaceable port the builder collects, as the per-capability wirings read them: the builder
 * writes them, the wirings read them, and neither needs the other.
 */
final class ControlOptions {

    /** The default largest config upload: 1 MiB. */
    static final long DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;

    Path ccsDirectory;
    Map<String, String> environment = System.getenv();
    Path proxyBinary;
    Clock clock = Clock.systemUTC();
    Duration probeTimeout = Duration.ofSeconds(1);
    Duration startupTimeout = ProxyTimings.DEFAULT_STARTUP_TIMEOUT;
    Duration stopGrace = ProxyTimings.DEFAULT_STOP_GRACE;
    StartupLockPort startupLock;
    SessionStorePort sessionStore;
    ProxyProcessPort proxyProcess;
    ProxyApiPort proxyApi;
    ProxySettingsPort proxySettings;
    CredentialStorePort credentialStore;
    Duration quotaTimeout = Duration.ofSeconds(10);
    Duration quotaCacheTtl = QuotaPolicy.DEFAULT_CACHE_TTL;
    int quotaRequestsPerMinute = QuotaPolicy.DEFAULT_REQUESTS_PER_MINUTE;
    ReleaseFeedPort releaseFeed;
    String releaseRepository;
    Duration modelsTimeout = Duration.ofSeconds(3);
    Duration remoteTimeout = RemoteProxyClients.DEFAULT_TIMEOUT;
    Duration releaseFeedTimeout = GitHubReleaseFeedAdapter.DEFAULT_TIMEOUT;
    LogStorePort logStore;
    ProxyConfigFilePort proxyConfigFile;
    AuthFileStorePort authFileStore;
    AccountStorePort accountStore;
    Duration tokenExpiringWindow = AccountsService.DEFAULT_EXPIRING_WINDOW;
    WebhookPort webhooks;
    Duration webhookTimeout = Duration.ofSeconds(5);
    int alertQueueCapacity = AlertsService.DEFAULT_CAPACITY;
    Duration automationCheckInterval = QuotaAutomationService.DEFAULT_TICK;
    AccountFilesPort accountFiles;
    ProxyLoginPort proxyLogin;
    Duration loginTimeout = LoginPolicy.DEFAULT.timeout();
    Duration loginPollInterval = LoginPolicy.DEFAULT.pollInterval();
    UpstreamCallPort upstreamCall;
    VersionCachePort versionCache;
    DefaultProxyConfigPort defaultProxyConfig;
    long maxConfigBytes = DEFAULT_MAX_CONFIG_BYTES;
    Duration statusPoll = WatchProxyStatusService.DEFAULT_POLL;
    ControlSettingsPort controlSettings;
    boolean supervise;
    Duration supervisionInterval = SuperviseProxyService.DEFAULT_INTERVAL;
    /** Base URLs given to the builder, by upstream id. */
    final Map<String, URI> upstreams = new HashMap<>();
    /** By provider id: a port of a built-in provider's id replaces its adapter, any other adds a provider. */
    final Map<String, QuotaProviderPort> quotaProviders = new LinkedHashMap<>();
    ProxyManagementPort proxyManagement;
    InstalledVersionPort installedVersion;
    BinaryVersionPort binaryVersion;
    AssetDownloadPort assetDownload;
    ArchiveExtractorPort archiveExtractor;
    ProxyInstallationPort proxyInstallation;
    ProxyTrialPort proxyTrial;
    TrialConfigPort trialConfig;
    boolean collectUsage;
    /** A JDBC URL of the usage history's database; default the SQLite file {@code cliproxy/usage.db}. */
    String usageDatabase;
    UsageStorePort usageStore;
    UsageFeedPort usageFeed;

    /** Where calls to {@code upstream} go: the base URL given to the builder, else the real one. */
    URI upstreamBase(Upstream upstream) {
        return upstreams.getOrDefault(upstream.id(), upstream.defaultBase());
    }
}
