package dev.cliproxy.control;

import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import dev.cliproxy.control.domain.port.AccountStorePort;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Objects;

/** Configures a {@link CliProxyControl}; every setting has a default that works on a fresh machine. */
public final class CliProxyControlBuilder {

    /** Only when the environment has no {@code HOME} (Windows): the JVM's idea of it ignores {@code $HOME}. */
    private final Path fallbackHome = Path.of(System.getProperty("user.home"));
    private final ControlOptions options = new ControlOptions();

    CliProxyControlBuilder() {
    }

    /**
     * Replaces the scheme, host and port of every call to {@code upstream} with {@code baseUrl}'s (tests point
     * them at local stub servers; a corporate mirror can be used the same way): {@link Upstream#GITHUB} or a
     * provider's quota API ({@code QuotaProvider.CODEX.upstream().orElseThrow()}).
     */
    public CliProxyControlBuilder upstream(Upstream upstream, URI baseUrl) {
        Objects.requireNonNull(upstream, "upstream");
        options.upstreams.put(upstream.id(), new Upstream(upstream.id(), Objects.requireNonNull(baseUrl, "baseUrl"))
                .defaultBase());
        return this;
    }

    /**
     * The upstreams {@link #upstream} and {@code --upstream NAME=URL} name: the built-in providers' quota APIs,
     * then the release feed.
     */
    public static List<Upstream> builtInUpstreams() {
        return Stream.concat(QuotaProvider.builtIn().stream().flatMap(p -> p.upstream().stream()),
                Stream.of(Upstream.GITHUB)).toList();
    }

    /**
     * The CCS directory; default {@code $CCS_DIR}, else {@code $CCS_HOME/.ccs}, else {@code $HOME/.ccs} of the
     * {@link #environment}, as the {@code ccs} CLI resolves it.
     */
    public CliProxyControlBuilder ccsDirectory(Path directory) {
        options.ccsDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The environment the default CCS directory is read from; default the process's own. */
    public CliProxyControlBuilder environment(Map<String, String> variables) {
        options.environment = Map.copyOf(variables);
        return this;
    }

    /**
     * The proxy executable, whatever the backend; default the backend's, read at each start:
     * {@code <ccs-dir>/cliproxy/bin/original/cli-proxy-api}, or {@code bin/plus/cli-proxy-api-plus} when the
     * {@code ccs} settings say {@code cliproxy.backend: plus}.
     */
    public CliProxyControlBuilder proxyBinary(Path binary) {
        options.proxyBinary = Objects.requireNonNull(binary, "binary");
        return this;
    }

    /** The clock for timestamps, caches and stale-lock decisions. */
    public CliProxyControlBuilder clock(Clock newClock) {
        options.clock = Objects.requireNonNull(newClock, "clock");
        return this;
    }

    /** How long a health probe of the proxy's port may take; default 1 s. */
    public CliProxyControlBuilder probeTimeout(Duration timeout) {
        options.probeTimeout = positive(timeout, "probeTimeout");
        return this;
    }

    /** How long a started proxy may take to answer as healthy before start gives up; default 5 s. */
    public CliProxyControlBuilder startupTimeout(Duration timeout) {
        options.startupTimeout = positive(timeout, "startupTimeout");
        return this;
    }

    /** How long a stopped proxy may take to exit after SIGTERM before it is killed; default 3 s. */
    public CliProxyControlBuilder stopGrace(Duration grace) {
        options.stopGrace = positive(grace, "stopGrace");
        return this;
    }

    /** Replaces the cross-process startup lock ({@code cliproxy/.startup.lock}). */
    public CliProxyControlBuilder startupLock(StartupLockPort port) {
        options.startupLock = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the store of {@code sessions.json}. */
    public CliProxyControlBuilder sessionStore(SessionStorePort port) {
        options.sessionStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the operating-system process adapter. */
    public CliProxyControlBuilder proxyProcess(ProxyProcessPort port) {
        options.proxyProcess = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the client of the proxy's own HTTP API. */
    public CliProxyControlBuilder proxyApi(ProxyApiPort port) {
        options.proxyApi = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the port settings. */
    public CliProxyControlBuilder proxySettings(ProxySettingsPort port) {
        options.proxySettings = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the accounts' token files. */
    public CliProxyControlBuilder credentialStore(CredentialStorePort port) {
        options.credentialStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** How long one provider quota call may take (it is tried once more after a timeout); default 10 s. */
    public CliProxyControlBuilder quotaTimeout(Duration timeout) {
        options.quotaTimeout = positive(timeout, "quotaTimeout");
        return this;
    }

    /** How long a successful quota answer is served from the cache; default 2 minutes, zero disables it. */
    public CliProxyControlBuilder quotaCacheTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "quotaCacheTtl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("quotaCacheTtl must not be negative, was " + ttl);
        }
        options.quotaCacheTtl = ttl;
        return this;
    }

    /** How many quota requests each provider admits per minute before answering 429; default 120. */
    public CliProxyControlBuilder quotaRateLimit(int requestsPerMinute) {
        options.quotaRequestsPerMinute = atLeastOne(requestsPerMinute, "quotaRateLimit");
        return this;
    }

    /** Replaces the release feed (default: GitHub's releases API at the {@link Upstream#GITHUB} base URL). */
    public CliProxyControlBuilder releaseFeed(ReleaseFeedPort port) {
        options.releaseFeed = Objects.requireNonNull(port, "port");
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
        options.releaseRepository = ownerAndName;
        return this;
    }

    /** How long the proxy's {@code /v1/models} may take to answer in full; default 3 s. */
    public CliProxyControlBuilder modelsTimeout(Duration timeout) {
        options.modelsTimeout = positive(timeout, "modelsTimeout");
        return this;
    }

    /**
     * How long one call to a proxy on another host (the {@code ccs} remote mode, a remote fleet instance) may take,
     * from connecting to the last byte; default 10 s. Their status checks take at most {@code fleet.statusTimeout}
     * of the control settings.
     */
    public CliProxyControlBuilder remoteTimeout(Duration timeout) {
        options.remoteTimeout = positive(timeout, "remoteTimeout");
        return this;
    }

    /** How long the release feed may take to answer in full; default 10 s. */
    public CliProxyControlBuilder releaseFeedTimeout(Duration timeout) {
        options.releaseFeedTimeout = positive(timeout, "releaseFeedTimeout");
        return this;
    }

    /** Replaces the store of the proxy's error logs. */
    public CliProxyControlBuilder logStore(LogStorePort port) {
        options.logStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader and writer of the proxy's config file. */
    public CliProxyControlBuilder proxyConfigFile(ProxyConfigFilePort port) {
        options.proxyConfigFile = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the store of the auth files. */
    public CliProxyControlBuilder authFileStore(AuthFileStorePort port) {
        options.authFileStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the store of the accounts' token files and their pause records ({@code control.accounts()}). */
    public CliProxyControlBuilder accountStore(AccountStorePort port) {
        options.accountStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** How soon before its expiry an account's token counts as {@code expiring}; default 24 h. */
    public CliProxyControlBuilder tokenExpiringWindow(Duration window) {
        options.tokenExpiringWindow = positive(window, "tokenExpiringWindow");
        return this;
    }

    /** Replaces the client that posts alerts to the webhooks of the control settings ({@code alerts.webhooks}). */
    public CliProxyControlBuilder webhooks(WebhookPort port) {
        options.webhooks = Objects.requireNonNull(port, "port");
        return this;
    }

    /** How long one webhook delivery attempt may take, answer included; default 5 s. */
    public CliProxyControlBuilder webhookTimeout(Duration timeout) {
        options.webhookTimeout = positive(timeout, "webhookTimeout");
        return this;
    }

    /**
     * How many webhook deliveries may wait at once (default 256): beyond it an alert is dropped and counted
     * ({@code GET /alerts}), never waited for.
     */
    public CliProxyControlBuilder alertQueueCapacity(int deliveries) {
        options.alertQueueCapacity = atLeastOne(deliveries, "alertQueueCapacity");
        return this;
    }

    /**
     * How often the account watch and the webhook sender look at the clock (default 1 s): when a quota pause is
     * due, a pass of the automation is due or a delivery is to be tried again. Tests that move a test clock set
     * it short.
     */
    public CliProxyControlBuilder automationCheckInterval(Duration interval) {
        options.automationCheckInterval = positive(interval, "automationCheckInterval");
        return this;
    }

    /** Replaces the store that imports token files and removes accounts to {@code auth-removed/} and back. */
    public CliProxyControlBuilder accountFiles(AccountFilesPort port) {
        options.accountFiles = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the client of the running proxy's sign-in flows ({@code control.accounts().login(..)}). */
    public CliProxyControlBuilder proxyLogin(ProxyLoginPort port) {
        options.proxyLogin = Objects.requireNonNull(port, "port");
        return this;
    }

    /** How long a sign-in waits for a person's consent before it is given up; default 10 min. */
    public CliProxyControlBuilder loginTimeout(Duration timeout) {
        options.loginTimeout = positive(timeout, "loginTimeout");
        return this;
    }

    /** How often the proxy is asked how a waiting sign-in stands; default 1 s. */
    public CliProxyControlBuilder loginPollInterval(Duration interval) {
        options.loginPollInterval = positive(interval, "loginPollInterval");
        return this;
    }

    /** Replaces the client that sends provider quota calls (the upstream base URLs then no longer apply). */
    public CliProxyControlBuilder upstreamCall(UpstreamCallPort port) {
        options.upstreamCall = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the release caches shared with the CLI ({@code bin/<backend>/.version-cache*.json}). */
    public CliProxyControlBuilder versionCache(VersionCachePort port) {
        options.versionCache = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the writer of the safe default config a start creates when the port has none. */
    public CliProxyControlBuilder defaultProxyConfig(DefaultProxyConfigPort port) {
        options.defaultProxyConfig = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Adds a quota provider, or replaces a built-in one's adapter when its {@link QuotaProviderPort#provider()}
     * has that provider's id: {@code GET /quota/{id}/{accountId}} then asks it, finds the account's token file
     * by its {@link QuotaProvider#tokenFiles()} naming, and invalid-provider errors and the API document name it.
     */
    public CliProxyControlBuilder quotaProvider(QuotaProviderPort port) {
        Objects.requireNonNull(port, "port");
        options.quotaProviders.put(port.provider().id(), port);
        return this;
    }

    /** Replaces the client of the running proxy's management API (quota calls through the proxy). */
    public CliProxyControlBuilder proxyManagement(ProxyManagementPort port) {
        options.proxyManagement = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the reader of the version the installer recorded ({@code bin/<backend>/.version}). */
    public CliProxyControlBuilder installedVersion(InstalledVersionPort port) {
        options.installedVersion = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the asking of a proxy executable for its version ({@code <binary> -h}). */
    public CliProxyControlBuilder binaryVersion(BinaryVersionPort port) {
        options.binaryVersion = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the download of a release's archive and checksums list (an install's first step). */
    public CliProxyControlBuilder assetDownload(AssetDownloadPort port) {
        options.assetDownload = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the unpacking of a downloaded {@code .tar.gz} or {@code .zip} into an install's staging folder. */
    public CliProxyControlBuilder archiveExtractor(ArchiveExtractorPort port) {
        options.archiveExtractor = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Replaces the backend's binary folder as an install changes it: staging under {@code versions/}, the atomic
     * promote with {@code .version}, the versions kept.
     */
    public CliProxyControlBuilder proxyInstallation(ProxyInstallationPort port) {
        options.proxyInstallation = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Replaces the launch of a staged binary on a spare port before it is promoted; default the
     * {@link #proxyProcess(ProxyProcessPort) process port} when it runs trials too, else the operating system's.
     */
    public CliProxyControlBuilder proxyTrial(ProxyTrialPort port) {
        options.proxyTrial = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the writer of a trial's private config (a copy pointing at an empty auth directory). */
    public CliProxyControlBuilder trialConfig(TrialConfigPort port) {
        options.trialConfig = Objects.requireNonNull(port, "port");
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
        options.maxConfigBytes = bytes;
        return this;
    }

    /** How often the status is polled while anyone watches it ({@code GET /events}); default 250 ms. */
    public CliProxyControlBuilder statusPollInterval(Duration interval) {
        options.statusPoll = positive(interval, "statusPollInterval");
        return this;
    }

    /**
     * Supervision on ({@code true}) whatever {@code supervision.enabled} of the control settings says: a crashed
     * proxy is started again. With {@code false} (the default) the settings decide.
     */
    public CliProxyControlBuilder supervise(boolean on) {
        options.supervise = on;
        return this;
    }

    /** How often the supervisor checks the proxy; default 250 ms. */
    public CliProxyControlBuilder supervisionCheckInterval(Duration interval) {
        options.supervisionInterval = positive(interval, "supervisionCheckInterval");
        return this;
    }

    /** Replaces the store of the control settings ({@code cliproxy/control.yaml}). */
    public CliProxyControlBuilder controlSettings(ControlSettingsPort port) {
        options.controlSettings = Objects.requireNonNull(port, "port");
        return this;
    }

    /**
     * Usage collection on ({@code true}) whatever {@code usage.enabled} of the control settings says: the running
     * proxy's usage queue is drained into the usage history every {@code usage.interval}. With {@code false} (the
     * default) the settings decide.
     */
    public CliProxyControlBuilder collectUsage(boolean on) {
        options.collectUsage = on;
        return this;
    }

    /**
     * The usage history's database as a JDBC URL: {@code jdbc:postgresql://host:port/database?user=..} for a store
     * several servers share, or {@code jdbc:sqlite:<file>}; default the SQLite file {@code cliproxy/usage.db}.
     */
    public CliProxyControlBuilder usageDatabase(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        try {
            JdbcUsageStoreAdapter.of(jdbcUrl).close(); // a URL of another database is refused now, not at a write
        } catch (ControlException e) {
            throw new IllegalArgumentException(e.detail().orElse(e.error()), e);
        }
        options.usageDatabase = jdbcUrl;
        return this;
    }

    /** Replaces the usage history's store (closed with the facade); {@link #usageDatabase} then no longer applies. */
    public CliProxyControlBuilder usageStore(UsageStorePort port) {
        options.usageStore = Objects.requireNonNull(port, "port");
        return this;
    }

    /** Replaces the client of the running proxy's usage feed (its management API's usage routes). */
    public CliProxyControlBuilder usageFeed(UsageFeedPort port) {
        options.usageFeed = Objects.requireNonNull(port, "port");
        return this;
    }

    public CliProxyControl build() {
        CcsLayout layout = options.ccsDirectory != null ? new CcsLayout(options.ccsDirectory)
                : CcsLayout.fromEnvironment(options.environment, fallbackHome);
        return new CliProxyControl(options, layout);
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
