package dev.cliproxy.control;

import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.ArchiveExtractorPort;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import dev.cliproxy.control.domain.port.BinaryVersionPort;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.LogStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
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
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Configures a {@link CliProxyControl}; every setting has a default that works on a fresh machine. */
public final class CliProxyControlBuilder {

    Path ccsDirectory;
    Map<String, String> environment = System.getenv();
    /** Only when the environment has no {@code HOME} (Windows): the JVM's idea of it ignores {@code $HOME}. */
    private final Path fallbackHome = Path.of(System.getProperty("user.home"));
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
    Duration releaseFeedTimeout = GitHubReleaseFeedAdapter.DEFAULT_TIMEOUT;
    LogStorePort logStore;
    ProxyConfigFilePort proxyConfigFile;
    AuthFileStorePort authFileStore;
    UpstreamCallPort upstreamCall;
    VersionCachePort versionCache;
    DefaultProxyConfigPort defaultProxyConfig;
    long maxConfigBytes = CliProxyControl.DEFAULT_MAX_CONFIG_BYTES;
    Duration statusPoll = WatchProxyStatusService.DEFAULT_POLL;
    private final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
    final Map<QuotaProvider, QuotaProviderPort> quotaProviders = new EnumMap<>(QuotaProvider.class);
    ProxyManagementPort proxyManagement;
    InstalledVersionPort installedVersion;
    BinaryVersionPort binaryVersion;
    AssetDownloadPort assetDownload;
    ArchiveExtractorPort archiveExtractor;
    ProxyInstallationPort proxyInstallation;
    ProxyTrialPort proxyTrial;
    TrialConfigPort trialConfig;

    CliProxyControlBuilder() {
    }

    /**
     * Replaces the scheme, host and port of every call to {@code upstream} with {@code baseUrl}'s (tests point
     * them at local stub servers; a corporate mirror can be used the same way).
     */
    public CliProxyControlBuilder upstream(Upstream upstream, URI baseUrl) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("upstream " + upstream.id() + " needs an absolute URL, was " + baseUrl);
        }
        upstreams.put(upstream, baseUrl);
        return this;
    }

    /**
     * The CCS directory; default {@code $CCS_DIR}, else {@code $CCS_HOME/.ccs}, else {@code $HOME/.ccs} of the
     * {@link #environment}, as the {@code ccs} CLI resolves it.
     */
    public CliProxyControlBuilder ccsDirectory(Path directory) {
        this.ccsDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The environment the default CCS directory is read from; default the process's own. */
    public CliProxyControlBuilder environment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables);
        return this;
    }

    /**
     * The proxy executable, whatever the backend; default the backend's, read at each start:
     * {@code <ccs-dir>/cliproxy/bin/original/cli-proxy-api}, or {@code bin/plus/cli-proxy-api-plus} when the
     * {@code ccs} settings say {@code cliproxy.backend: plus}.
     */
    public CliProxyControlBuilder proxyBinary(Path binary) {
        this.proxyBinary = Objects.requireNonNull(binary, "binary");
        return this;
    }

    /** The clock for timestamps, caches and stale-lock decisions. */
    public CliProxyControlBuilder clock(Clock newClock) {
        this.clock = Objects.requireNonNull(newClock, "clock");
        return this;
    }

    /** How long a health probe of the proxy's port may take; default 1 s. */
    public CliProxyControlBuilder probeTimeout(Duration timeout) {
        this.probeTimeout = positive(timeout, "probeTimeout");
        return this;
    }

    /** How long a started proxy may take to answer as healthy before start gives up; default 5 s. */
    public CliProxyControlBuilder startupTimeout(Duration timeout) {
        this.startupTimeout = positive(timeout, "startupTimeout");
        return this;
    }

    /** How long a stopped proxy may take to exit after SIGTERM before it is killed; default 3 s. */
    public CliProxyControlBuilder stopGrace(Duration grace) {
        this.stopGrace = positive(grace, "stopGrace");
        return this;
    }

    /** Replaces the cross-process startup lock ({@code cliproxy/.startup.lock}). */
    public CliProxyControlBuilder startupLock(StartupLockPort port) {
        this.startupLock = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the store of {@code sessions.json}. */
    public CliProxyControlBuilder sessionStore(SessionStorePort port) {
        this.sessionStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the operating-system process adapter. */
    public CliProxyControlBuilder proxyProcess(ProxyProcessPort port) {
        this.proxyProcess = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the client of the proxy's own HTTP API. */
    public CliProxyControlBuilder proxyApi(ProxyApiPort port) {
        this.proxyApi = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the port settings. */
    public CliProxyControlBuilder proxySettings(ProxySettingsPort port) {
        this.proxySettings = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the accounts' token files. */
    public CliProxyControlBuilder credentialStore(CredentialStorePort port) {
        this.credentialStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** How long one provider quota call may take (it is tried once more after a timeout); default 10 s. */
    public CliProxyControlBuilder quotaTimeout(Duration timeout) {
        this.quotaTimeout = positive(timeout, "quotaTimeout");
        return this;
    }

    /** How long a successful quota answer is served from the cache; default 2 minutes, zero disables it. */
    public CliProxyControlBuilder quotaCacheTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "quotaCacheTtl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("quotaCacheTtl must not be negative, was " + ttl);
        }
        this.quotaCacheTtl = ttl;
        return this;
    }

    /** How many quota requests each provider admits per minute before answering 429; default 120. */
    public CliProxyControlBuilder quotaRateLimit(int requestsPerMinute) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("quotaRateLimit must be at least 1, was " + requestsPerMinute);
        }
        this.quotaRequestsPerMinute = requestsPerMinute;
        return this;
    }

    URI upstreamBase(Upstream upstream, URI real) {
        return upstreams.getOrDefault(upstream, real);
    }

    /** Replaces the release feed (default: GitHub's releases API at the {@link Upstream#GITHUB} base URL). */
    public CliProxyControlBuilder releaseFeed(ReleaseFeedPort port) {
        this.releaseFeed = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * The GitHub {@code owner/name} whose releases are checked, instead of the backend's own
     * ({@code router-for-me/CLIProxyAPI}, or the Plus fork's for the {@code plus} backend).
     */
    public CliProxyControlBuilder releaseRepository(String ownerAndName) {
        Objects.requireNonNull(ownerAndName, "ownerAndName");
        if (!GitHubReleaseFeedAdapter.REPOSITORY.matcher(ownerAndName).matches()) {
            throw new IllegalArgumentException("releaseRepository must be owner/name, was " + ownerAndName);
        }
        this.releaseRepository = ownerAndName;
        return this;
    }

    /** How long the proxy's {@code /v1/models} may take to answer in full; default 3 s. */
    public CliProxyControlBuilder modelsTimeout(Duration timeout) {
        this.modelsTimeout = positive(timeout, "modelsTimeout");
        return this;
    }

    /** How long the release feed may take to answer in full; default 10 s. */
    public CliProxyControlBuilder releaseFeedTimeout(Duration timeout) {
        this.releaseFeedTimeout = positive(timeout, "releaseFeedTimeout");
        return this;
    }

    /** Replaces the store of the proxy's error logs. */
    public CliProxyControlBuilder logStore(LogStorePort port) {
        this.logStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader and writer of the proxy's config file. */
    public CliProxyControlBuilder proxyConfigFile(ProxyConfigFilePort port) {
        this.proxyConfigFile = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the store of the auth files. */
    public CliProxyControlBuilder authFileStore(AuthFileStorePort port) {
        this.authFileStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the client that sends provider quota calls (the upstream base URLs then no longer apply). */
    public CliProxyControlBuilder upstreamCall(UpstreamCallPort port) {
        this.upstreamCall = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the release caches shared with the CLI ({@code bin/<backend>/.version-cache*.json}). */
    public CliProxyControlBuilder versionCache(VersionCachePort port) {
        this.versionCache = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the writer of the safe default config a start creates when the port has none. */
    public CliProxyControlBuilder defaultProxyConfig(DefaultProxyConfigPort port) {
        this.defaultProxyConfig = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces one provider's quota API (the provider it names), or adds it beside the built-in ones. */
    public CliProxyControlBuilder quotaProvider(QuotaProviderPort port) {
        Objects.requireNonNull(port, "port");
        quotaProviders.put(port.provider(), port);
        return this;
    }

    /** Replaces the client of the running proxy's management API (quota calls through the proxy). */
    public CliProxyControlBuilder proxyManagement(ProxyManagementPort port) {
        this.proxyManagement = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the version the installer recorded ({@code bin/<backend>/.version}). */
    public CliProxyControlBuilder installedVersion(InstalledVersionPort port) {
        this.installedVersion = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the asking of a proxy executable for its version ({@code <binary> -h}). */
    public CliProxyControlBuilder binaryVersion(BinaryVersionPort port) {
        this.binaryVersion = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the download of a release's archive and checksums list (an install's first step). */
    public CliProxyControlBuilder assetDownload(AssetDownloadPort port) {
        this.assetDownload = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the unpacking of a downloaded {@code .tar.gz} or {@code .zip} into an install's staging folder. */
    public CliProxyControlBuilder archiveExtractor(ArchiveExtractorPort port) {
        this.archiveExtractor = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Replaces the backend's binary folder as an install changes it: staging under {@code versions/}, the atomic
     * promote with {@code .version}, the versions kept.
     */
    public CliProxyControlBuilder proxyInstallation(ProxyInstallationPort port) {
        this.proxyInstallation = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Replaces the launch of a staged binary on a spare port before it is promoted; default the
     * {@link #proxyProcess(ProxyProcessPort) process port} when it runs trials too, else the operating system's.
     */
    public CliProxyControlBuilder proxyTrial(ProxyTrialPort port) {
        this.proxyTrial = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the writer of a trial's private config (a copy pointing at an empty auth directory). */
    public CliProxyControlBuilder trialConfig(TrialConfigPort port) {
        this.trialConfig = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * The largest config upload, in bytes (default 1 MiB): a larger {@code PUT /config.yaml} body, or config
     * content given to {@link ConfigOperations}, is refused with 413. No request body of the API may be larger.
     */
    public CliProxyControlBuilder maxConfigBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxConfigBytes must be positive, was " + bytes);
        }
        this.maxConfigBytes = bytes;
        return this;
    }

    /** How often the status is polled while anyone watches it ({@code GET /events}); default 250 ms. */
    public CliProxyControlBuilder statusPollInterval(Duration interval) {
        this.statusPoll = positive(interval, "statusPollInterval");
        return this;
    }

    public CliProxyControl build() {
        CcsLayout layout = ccsDirectory != null
                ? new CcsLayout(ccsDirectory) : CcsLayout.fromEnvironment(environment, fallbackHome);
        return new CliProxyControl(this, layout);
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
