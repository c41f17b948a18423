package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAuthFileStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemInstalledVersionAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemLogStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemProxyInstallationAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemSessionStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemStartupLockAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemVersionCacheAdapter;
import dev.cliproxy.control.adapter.fs.JdkArchiveExtractorAdapter;
import dev.cliproxy.control.adapter.fs.JsonCredentialStoreAdapter;
import dev.cliproxy.control.adapter.fs.YamlDefaultProxyConfigAdapter;
import dev.cliproxy.control.adapter.fs.YamlProxyConfigFileAdapter;
import dev.cliproxy.control.adapter.fs.YamlProxySettingsAdapter;
import dev.cliproxy.control.adapter.fs.YamlTrialConfigAdapter;
import dev.cliproxy.control.adapter.http.EnvironmentProxySelector;
import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.adapter.http.JdkAntigravityQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkAssetDownloadAdapter;
import dev.cliproxy.control.adapter.http.JdkClaudeQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkCodexQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkCopilotQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkGeminiQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkKiroQuotaAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyApiAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyManagementApiAdapter;
import dev.cliproxy.control.adapter.http.JdkUpstreamCallAdapter;
import dev.cliproxy.control.adapter.process.OsBinaryVersionAdapter;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.application.service.CheckReleasesService;
import dev.cliproxy.control.application.service.GetProxyConfigService;
import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.GetQuotaService;
import dev.cliproxy.control.application.service.InstallPorts;
import dev.cliproxy.control.application.service.InstallProxyService;
import dev.cliproxy.control.application.service.ListAuthFilesService;
import dev.cliproxy.control.application.service.ListErrorLogsService;
import dev.cliproxy.control.application.service.ListModelsService;
import dev.cliproxy.control.application.service.ProxyPorts;
import dev.cliproxy.control.application.service.ProxySessionService;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.service.ReadAuthFileService;
import dev.cliproxy.control.application.service.ReadErrorLogService;
import dev.cliproxy.control.application.service.RestartProxyService;
import dev.cliproxy.control.application.service.StartProxyService;
import dev.cliproxy.control.application.service.StopProxyService;
import dev.cliproxy.control.application.service.UpdateProxyConfigService;
import dev.cliproxy.control.application.service.WatchProxyStatusService;
import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.bootstrap.http.AccessPolicy;
import dev.cliproxy.control.bootstrap.http.ApiServer;
import dev.cliproxy.control.bootstrap.http.ApiServices;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.LogStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one entry point of the library: controls a local CLIProxyAPI proxy and serves the control API.
 *
 * <pre>{@code
 * try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(Path.of("/home/me/.ccs")).build()) {
 *     ProxyStatus status = control.proxy().status();
 *     try (HttpServerHandle http = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
 *         System.out.println(http.uri());
 *     }
 * }
 * }</pre>
 *
 * Every port has a default adapter; embedders may replace any of them through the {@link Builder}.
 */
public final class CliProxyControl implements AutoCloseable {

    /** How long {@code <binary> -h} may take to print its version banner. */
    private static final Duration BINARY_VERSION_TIMEOUT = Duration.ofSeconds(5);

    /** The largest proxy archive an install downloads: the real ones are some tens of megabytes. */
    static final long DEFAULT_MAX_DOWNLOAD_BYTES = 256L * 1024 * 1024;

    /** The default largest config upload: 1 MiB. */
    public static final long DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;

    private final CcsLayout layout;
    private final ProxySettingsPort settings;
    private final StartProxyService start;
    private final ApiServices api;
    private final ProxyOperations proxy;
    private final QuotaOperations quota;
    private final ModelOperations models;
    private final UpdateOperations updates;
    private final SessionOperations sessions;
    private final ErrorLogOperations errorLogs;
    private final ConfigOperations config;
    private final AuthFileOperations authFiles;
    private final List<HttpServerHandle> servers = new CopyOnWriteArrayList<>();

    private CliProxyControl(Builder builder, CcsLayout layout) {
        this.layout = layout;
        Clock clock = builder.clock;
        SessionStorePort sessions = builder.sessionStore != null
                ? builder.sessionStore : new FileSystemSessionStoreAdapter(layout, clock);
        ProxyProcessPort processes = builder.proxyProcess != null
                ? builder.proxyProcess : new OsProxyProcessAdapter(layout);
        ProxyApiPort proxyApi = builder.proxyApi != null ? builder.proxyApi : new JdkProxyApiAdapter();
        ProxySettingsPort settings = builder.proxySettings != null
                ? builder.proxySettings : new YamlProxySettingsAdapter(layout);
        this.settings = settings;
        StartupLockPort startupLock = builder.startupLock != null
                ? builder.startupLock : new FileSystemStartupLockAdapter(layout, clock, processes);
        ProxyPorts ports = new ProxyPorts(settings, sessions, processes, proxyApi, startupLock,
                builder.defaultProxyConfig != null ? builder.defaultProxyConfig : new YamlDefaultProxyConfigAdapter(layout));
        ProxyTimings timings = new ProxyTimings(builder.probeTimeout, builder.startupTimeout, builder.stopGrace,
                ProxyTimings.DEFAULT_READINESS_POLL, ProxyTimings.DEFAULT_LOCK_WAIT);
        GetProxyStatusService status =
                new GetProxyStatusService(layout, settings, sessions, processes, proxyApi, builder.probeTimeout);
        StartProxyService start = new StartProxyService(layout, ports, timings,
                Optional.ofNullable(builder.proxyBinary), clock);
        this.start = start;
        StopProxyService stop = new StopProxyService(layout, ports, timings);
        ProxySessionService proxySessions = new ProxySessionService(ports, timings, start, stop);
        RestartProxyService restart = new RestartProxyService(ports, timings, start, stop);
        WatchProxyStatusService watch = new WatchProxyStatusService(status, settings, sessions, builder.statusPoll);
        GetQuotaUseCase quotaUseCase = quotaService(builder, layout, settings, proxyApi);
        ListModelsService modelList = new ListModelsService(status, settings, proxyApi, builder.modelsTimeout);
        ReleaseFeedPort feed = builder.releaseFeed != null ? builder.releaseFeed
                : new GitHubReleaseFeedAdapter(builder.upstreamBase(Upstream.GITHUB,
                        GitHubReleaseFeedAdapter.DEFAULT_BASE_URL), builder.environment, builder.releaseFeedTimeout);
        CheckReleasesService releases = new CheckReleasesService(settings,
                new FileSystemInstalledVersionAdapter(layout), new OsBinaryVersionAdapter(), feed,
                builder.versionCache != null ? builder.versionCache : new FileSystemVersionCacheAdapter(layout), clock,
                new CheckReleasesService.Options(layout, Optional.ofNullable(builder.proxyBinary),
                        Optional.ofNullable(builder.releaseRepository), BINARY_VERSION_TIMEOUT));
        LogStorePort logStore = builder.logStore != null ? builder.logStore : new FileSystemLogStoreAdapter(layout);
        ListErrorLogsUseCase listErrorLogs = new ListErrorLogsService(logStore);
        ReadErrorLogUseCase readErrorLog = new ReadErrorLogService(logStore);
        ProxyConfigFilePort configFiles = builder.proxyConfigFile != null
                ? builder.proxyConfigFile : new YamlProxyConfigFileAdapter(layout);
        GetProxyConfigUseCase getConfig = new GetProxyConfigService(settings, configFiles);
        UpdateProxyConfigUseCase updateConfig =
                new UpdateProxyConfigService(settings, configFiles, builder.maxConfigBytes);
        AuthFileStorePort authStore = builder.authFileStore != null
                ? builder.authFileStore : new FileSystemAuthFileStoreAdapter(layout);
        ListAuthFilesUseCase listAuthFiles = new ListAuthFilesService(authStore);
        ReadAuthFileUseCase readAuthFile = new ReadAuthFileService(authStore);
        this.errorLogs = new ErrorLogOperations(listErrorLogs, readErrorLog);
        this.config = new ConfigOperations(getConfig, updateConfig);
        this.authFiles = new AuthFileOperations(listAuthFiles, readAuthFile);
        InstallProxyService install = installService(builder, layout, ports, timings, feed, status, restart);
        this.api = new ApiServices(status, start, stop, modelList, releases, releases, quotaUseCase, listErrorLogs,
                readErrorLog, getConfig, updateConfig, builder.maxConfigBytes, listAuthFiles, readAuthFile, restart,
                watch, layout.ccsDirectory(), install, install, install);
        this.proxy = new ProxyOperations(status, start, stop, restart, watch);
        this.sessions = new SessionOperations(proxySessions, proxySessions);
        this.models = new ModelOperations(modelList);
        this.updates = new UpdateOperations(releases, releases, install, install, install);
        this.quota = new QuotaOperations(quotaUseCase);
    }

    private static InstallProxyService installService(Builder builder, CcsLayout layout, ProxyPorts ports,
                                                      ProxyTimings timings, ReleaseFeedPort feed,
                                                      GetProxyStatusService status, RestartProxyService restart) {
        FileSystemInstalledVersionAdapter installed = new FileSystemInstalledVersionAdapter(layout);
        // A replaced process port (an embedder's, the testkit's) that also runs trials runs them too.
        ProxyTrialPort trials = ports.processes() instanceof ProxyTrialPort replaced
                ? replaced : new OsProxyProcessAdapter(layout);
        InstallPorts installPorts = new InstallPorts(feed, installed,
                new JdkAssetDownloadAdapter(builder.environment, builder.releaseFeedTimeout,
                        JdkAssetDownloadAdapter.DEFAULT_DEADLINE),
                new JdkArchiveExtractorAdapter(), new FileSystemProxyInstallationAdapter(layout, installed), trials,
                new YamlTrialConfigAdapter(layout));
        return new InstallProxyService(ports, installPorts, status, restart, builder.clock,
                new InstallProxyService.Options(
                        Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")),
                        Optional.ofNullable(builder.releaseRepository), builder.proxyBinary != null,
                        DEFAULT_MAX_DOWNLOAD_BYTES, timings));
    }

    private static GetQuotaUseCase quotaService(Builder builder, CcsLayout layout, ProxySettingsPort settings,
                                                ProxyApiPort proxyApi) {
        CredentialStorePort credentials = builder.credentialStore != null
                ? builder.credentialStore : new JsonCredentialStoreAdapter(layout);
        List<QuotaProviderPort> providers = List.of(
                new JdkAntigravityQuotaAdapter(builder.upstreamBase(Upstream.AGY, JdkAntigravityQuotaAdapter.DEFAULT_BASE)),
                new JdkGeminiQuotaAdapter(builder.upstreamBase(Upstream.GEMINI, JdkGeminiQuotaAdapter.DEFAULT_BASE)),
                new JdkCodexQuotaAdapter(builder.upstreamBase(Upstream.CODEX, JdkCodexQuotaAdapter.DEFAULT_BASE),
                        builder.clock),
                new JdkKiroQuotaAdapter(builder.upstreamBase(Upstream.KIRO, JdkKiroQuotaAdapter.DEFAULT_BASE)),
                new JdkCopilotQuotaAdapter(builder.upstreamBase(Upstream.GHCP, JdkCopilotQuotaAdapter.DEFAULT_BASE)),
                new JdkClaudeQuotaAdapter(builder.upstreamBase(Upstream.CLAUDE, JdkClaudeQuotaAdapter.DEFAULT_BASE)));
        return new GetQuotaService(credentials, providers,
                builder.upstreamCall != null ? builder.upstreamCall
                        : new JdkUpstreamCallAdapter(builder.quotaTimeout, EnvironmentProxySelector.from(builder.environment)),
                new JdkProxyManagementApiAdapter(builder.quotaTimeout), settings, proxyApi, builder.clock,
                new QuotaPolicy(builder.quotaCacheTtl, builder.quotaRequestsPerMinute, builder.probeTimeout));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The CCS directory and the files in it that this instance manages. */
    public CcsLayout layout() {
        return layout;
    }

    /** The use cases the HTTP API serves (for tests that check the API description against the routes). */
    ApiServices api() {
        return api;
    }

    /**
     * The proxy executable that a start runs now: the one given to the builder, else the binary of the backend the
     * {@code ccs} settings name ({@code cliproxy.backend}), which may change while this instance lives.
     */
    public Path proxyBinary() {
        return start.binary(settings.backend());
    }

    /** Status, start and stop of the proxy process. */
    public ProxyOperations proxy() {
        return proxy;
    }

    /** Provider quotas of the accounts whose token files are in {@code auth/} and {@code auth-paused/}. */
    public QuotaOperations quota() {
        return quota;
    }

    /** The models the running proxy serves. */
    public ModelOperations models() {
        return models;
    }

    /** The installed proxy version against the published releases. */
    public UpdateOperations updates() {
        return updates;
    }

    /** Sessions of this program: the proxy runs while any is open. */
    public SessionOperations sessions() {
        return sessions;
    }

    /** The proxy's error logs. */
    public ErrorLogOperations errorLogs() {
        return errorLogs;
    }

    /** The proxy config file of the current port. */
    public ConfigOperations config() {
        return config;
    }

    /** The OAuth token files of the auth directory. */
    public AuthFileOperations authFiles() {
        return authFiles;
    }

    /**
     * Starts the HTTP API ({@code /api/cliproxy/*}) inside this program; close the handle to stop it. The only
     * operation that needs Helidon: without it on the class path this throws {@link IllegalStateException}.
     */
    public HttpServerHandle serveHttp(HttpServerOptions options) {
        Objects.requireNonNull(options, "options");
        AccessPolicy policy;
        if (options.token().isPresent()) {
            policy = new AccessPolicy.TokenRequired(options.token().get());
        } else if (isLoopback(options.host())) {
            policy = new AccessPolicy.LoopbackOnly();
        } else {
            throw new IllegalArgumentException("binding to " + options.host()
                    + " exposes the API beyond this machine: an access token is required");
        }
        ApiServer server;
        try {
            server = ApiServer.start(api, options.host(), options.port(), policy, options.accessLog());
        } catch (NoClassDefFoundError missing) {
            // Helidon is needed here only: embedders that never serve HTTP may leave it out (see the README).
            throw new IllegalStateException("serving the HTTP API needs Helidon, which is not on the class path ("
                    + missing.getMessage() + "): depend on cliproxy-control-bootstrap without excluding io.helidon",
                    missing);
        }
        RunningServer handle = new RunningServer(server, options.host());
        servers.add(handle);
        return handle;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Stops every HTTP API this instance started. The proxy itself keeps running. */
    @Override
    public void close() {
        servers.forEach(HttpServerHandle::close);
    }

    /** The handle of one running API server. */
    private final class RunningServer implements HttpServerHandle {

        private final ApiServer server;
        private final URI uri;

        RunningServer(ApiServer server, String host) {
            this.server = server;
            String authority = host.contains(":") ? "[" + host + "]" : host;
            this.uri = URI.create("http://" + authority + ":" + server.port());
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public void close() {
            servers.remove(this);
            server.stop();
        }
    }

    /** Configures a {@link CliProxyControl}; every setting has a default that works on a fresh machine. */
    public static final class Builder {

        private Path ccsDirectory;
        private Map<String, String> environment = System.getenv();
        /** Only when the environment has no {@code HOME} (Windows): the JVM's idea of it ignores {@code $HOME}. */
        private final Path fallbackHome = Path.of(System.getProperty("user.home"));
        private Path proxyBinary;
        private Clock clock = Clock.systemUTC();
        private Duration probeTimeout = Duration.ofSeconds(1);
        private Duration startupTimeout = ProxyTimings.DEFAULT_STARTUP_TIMEOUT;
        private Duration stopGrace = ProxyTimings.DEFAULT_STOP_GRACE;
        private StartupLockPort startupLock;
        private SessionStorePort sessionStore;
        private ProxyProcessPort proxyProcess;
        private ProxyApiPort proxyApi;
        private ProxySettingsPort proxySettings;
        private CredentialStorePort credentialStore;
        private Duration quotaTimeout = Duration.ofSeconds(10);
        private Duration quotaCacheTtl = QuotaPolicy.DEFAULT_CACHE_TTL;
        private int quotaRequestsPerMinute = QuotaPolicy.DEFAULT_REQUESTS_PER_MINUTE;
        private ReleaseFeedPort releaseFeed;
        private String releaseRepository;
        private Duration modelsTimeout = Duration.ofSeconds(3);
        private Duration releaseFeedTimeout = GitHubReleaseFeedAdapter.DEFAULT_TIMEOUT;
        private LogStorePort logStore;
        private ProxyConfigFilePort proxyConfigFile;
        private AuthFileStorePort authFileStore;
        private UpstreamCallPort upstreamCall;
        private VersionCachePort versionCache;
        private DefaultProxyConfigPort defaultProxyConfig;
        private long maxConfigBytes = DEFAULT_MAX_CONFIG_BYTES;
        private Duration statusPoll = WatchProxyStatusService.DEFAULT_POLL;
        private final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);

        private Builder() {
        }

        /**
         * Replaces the scheme, host and port of every call to {@code upstream} with {@code baseUrl}'s (tests point
         * them at local stub servers; a corporate mirror can be used the same way).
         */
        public Builder upstream(Upstream upstream, URI baseUrl) {
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
        public Builder ccsDirectory(Path directory) {
            this.ccsDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The environment the default CCS directory is read from; default the process's own. */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * The proxy executable, whatever the backend; default the backend's, read at each start:
         * {@code <ccs-dir>/cliproxy/bin/original/cli-proxy-api}, or {@code bin/plus/cli-proxy-api-plus} when the
         * {@code ccs} settings say {@code cliproxy.backend: plus}.
         */
        public Builder proxyBinary(Path binary) {
            this.proxyBinary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** The clock for timestamps, caches and stale-lock decisions. */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** How long a health probe of the proxy's port may take; default 1 s. */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = positive(timeout, "probeTimeout");
            return this;
        }

        /** How long a started proxy may take to answer as healthy before start gives up; default 5 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = positive(timeout, "startupTimeout");
            return this;
        }

        /** How long a stopped proxy may take to exit after SIGTERM before it is killed; default 3 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = positive(grace, "stopGrace");
            return this;
        }

        /** Replaces the cross-process startup lock ({@code cliproxy/.startup.lock}). */
        public Builder startupLock(StartupLockPort port) {
            this.startupLock = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the store of {@code sessions.json}. */
        public Builder sessionStore(SessionStorePort port) {
            this.sessionStore = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the operating-system process adapter. */
        public Builder proxyProcess(ProxyProcessPort port) {
            this.proxyProcess = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the client of the proxy's own HTTP API. */
        public Builder proxyApi(ProxyApiPort port) {
            this.proxyApi = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the reader of the port settings. */
        public Builder proxySettings(ProxySettingsPort port) {
            this.proxySettings = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the reader of the accounts' token files. */
        public Builder credentialStore(CredentialStorePort port) {
            this.credentialStore = Objects.requireNonNull(port, "port");
            return this;
        }

        /** How long one provider quota call may take (it is tried once more after a timeout); default 10 s. */
        public Builder quotaTimeout(Duration timeout) {
            this.quotaTimeout = positive(timeout, "quotaTimeout");
            return this;
        }

        /** How long a successful quota answer is served from the cache; default 2 minutes, zero disables it. */
        public Builder quotaCacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "quotaCacheTtl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("quotaCacheTtl must not be negative, was " + ttl);
            }
            this.quotaCacheTtl = ttl;
            return this;
        }

        /** How many quota requests each provider admits per minute before answering 429; default 120. */
        public Builder quotaRateLimit(int requestsPerMinute) {
            if (requestsPerMinute < 1) {
                throw new IllegalArgumentException("quotaRateLimit must be at least 1, was " + requestsPerMinute);
            }
            this.quotaRequestsPerMinute = requestsPerMinute;
            return this;
        }

        private URI upstreamBase(Upstream upstream, URI real) {
            return upstreams.getOrDefault(upstream, real);
        }

        /** Replaces the release feed (default: GitHub's releases API at the {@link Upstream#GITHUB} base URL). */
        public Builder releaseFeed(ReleaseFeedPort port) {
            this.releaseFeed = Objects.requireNonNull(port, "port");
            return this;
        }

        /**
         * The GitHub {@code owner/name} whose releases are checked, instead of the backend's own
         * ({@code router-for-me/CLIProxyAPI}, or the Plus fork's for the {@code plus} backend).
         */
        public Builder releaseRepository(String ownerAndName) {
            Objects.requireNonNull(ownerAndName, "ownerAndName");
            if (!GitHubReleaseFeedAdapter.REPOSITORY.matcher(ownerAndName).matches()) {
                throw new IllegalArgumentException("releaseRepository must be owner/name, was " + ownerAndName);
            }
            this.releaseRepository = ownerAndName;
            return this;
        }

        /** How long the proxy's {@code /v1/models} may take to answer in full; default 3 s. */
        public Builder modelsTimeout(Duration timeout) {
            this.modelsTimeout = positive(timeout, "modelsTimeout");
            return this;
        }

        /** How long the release feed may take to answer in full; default 10 s. */
        public Builder releaseFeedTimeout(Duration timeout) {
            this.releaseFeedTimeout = positive(timeout, "releaseFeedTimeout");
            return this;
        }

        /** Replaces the store of the proxy's error logs. */
        public Builder logStore(LogStorePort port) {
            this.logStore = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the reader and writer of the proxy's config file. */
        public Builder proxyConfigFile(ProxyConfigFilePort port) {
            this.proxyConfigFile = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the store of the auth files. */
        public Builder authFileStore(AuthFileStorePort port) {
            this.authFileStore = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the client that sends provider quota calls (the upstream base URLs then no longer apply). */
        public Builder upstreamCall(UpstreamCallPort port) {
            this.upstreamCall = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the release caches shared with the CLI ({@code bin/<backend>/.version-cache*.json}). */
        public Builder versionCache(VersionCachePort port) {
            this.versionCache = Objects.requireNonNull(port, "port");
            return this;
        }

        /** Replaces the writer of the safe default config a start creates when the port has none. */
        public Builder defaultProxyConfig(DefaultProxyConfigPort port) {
            this.defaultProxyConfig = Objects.requireNonNull(port, "port");
            return this;
        }

        /**
         * The largest config upload, in bytes (default 1 MiB): a larger {@code PUT /config.yaml} body, or config
         * content given to {@link ConfigOperations}, is refused with 413. No request body of the API may be larger.
         */
        public Builder maxConfigBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxConfigBytes must be positive, was " + bytes);
            }
            this.maxConfigBytes = bytes;
            return this;
        }

        /** How often the status is polled while anyone watches it ({@code GET /events}); default 250 ms. */
        public Builder statusPollInterval(Duration interval) {
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
}
