package dev.cliproxy.control;

import dev.cliproxy.control.bootstrap.http.AccessPolicy;
import dev.cliproxy.control.bootstrap.http.ApiServer;
import dev.cliproxy.control.bootstrap.http.HttpApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one entry point of the library: controls a local CLIProxyAPI proxy (or, in the {@code ccs} tools' remote mode,
 * one on another host through its management API) and serves the control API.
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
 * Every port has a default adapter; embedders may replace any of them through the {@link CliProxyControlBuilder}.
 */
public final class CliProxyControl implements AutoCloseable {

    /** The default largest config upload: 1 MiB. */
    public static final long DEFAULT_MAX_CONFIG_BYTES = ControlOptions.DEFAULT_MAX_CONFIG_BYTES;

    private final CcsLayout layout;
    private final SettingsWiring settings;
    private final ProcessWiring process;
    private final FileWiring files;
    private final QuotaWiring quota;
    private final ReleaseWiring releases;
    private final AccountWiring accounts;
    private final FleetWiring fleet;
    private final UsageWiring usage;
    private final HttpApi api;
    private final List<HttpServerHandle> servers = new CopyOnWriteArrayList<>();

    CliProxyControl(ControlOptions options, CcsLayout layout) {
        this.layout = layout;
        this.settings = new SettingsWiring(options, layout);
        this.process = new ProcessWiring(options, layout, settings.store);
        this.files = new FileWiring(options, layout, process.settings, process.target);
        this.quota = new QuotaWiring(options, layout, process.settings, process.proxyApi, process.target);
        this.fleet = new FleetWiring(options, layout, settings.store, process, files, quota,
                new RemoteWiring(options, layout, settings.store, quota));
        this.releases = new ReleaseWiring(options, layout, process);
        this.accounts = new AccountWiring(options, layout, quota.service, settings.store, process.settings,
                process.proxyApi);
        this.usage = new UsageWiring(options, layout, process, fleet, settings.store, quota.service);
        this.api = new HttpApi(process.api, files.api, quota.selected, releases.api, settings.api, accounts.api,
                accounts.changes.api, accounts.alertApi, fleet.api, usage.api);
    }

    public static CliProxyControlBuilder builder() {
        return new CliProxyControlBuilder();
    }

    /** The CCS directory and the files in it that this instance manages. */
    public CcsLayout layout() {
        return layout;
    }

    /** The use cases the HTTP API serves. */
    HttpApi api() {
        return api;
    }

    /**
     * The proxy executable that a start runs now: the one given to the builder, else the binary of the backend the
     * {@code ccs} settings name ({@code cliproxy.backend}), which may change while this instance lives.
     */
    public Path proxyBinary() {
        return process.proxyBinary();
    }

    /** Status, start and stop of the proxy process. */
    public ProxyOperations proxy() {
        return process.operations;
    }

    /** Provider quotas of the accounts whose token files are in {@code auth/} and {@code auth-paused/}. */
    public QuotaOperations quota() {
        return quota.operations;
    }

    /** The models the running proxy serves. */
    public ModelOperations models() {
        return process.models;
    }

    /** The installed proxy version against the published releases. */
    public UpdateOperations updates() {
        return releases.operations;
    }

    /** Sessions of this program: the proxy runs while any is open. */
    public SessionOperations sessions() {
        return process.sessions;
    }

    /** What the supervisor of the proxy knows: whether it supervises, its restarts, the last crash. */
    public SupervisionOperations supervision() {
        return process.supervision;
    }

    /** The control server's own settings ({@code cliproxy/control.yaml}): supervision and later capabilities. */
    public ControlSettingsOperations controlSettings() {
        return settings.operations;
    }

    /** The proxy's error logs. */
    public ErrorLogOperations errorLogs() {
        return files.errorLogs;
    }

    /** The proxy config file of the current port. */
    public ConfigOperations config() {
        return files.config;
    }

    /**
     * The accounts of {@code auth/} and {@code auth-paused/}: their tokens' health, pause and resume, the quota
     * automation, sign-ins through the proxy, imports, removals and restores.
     */
    public AccountOperations accounts() {
        return accounts.operations;
    }

    /**
     * The account alerts ({@code quota-low}, {@code account-paused}, {@code account-resumed}, {@code token-expiring},
     * {@code token-expired}) and the webhooks they are posted to.
     */
    public AlertOperations alerts() {
        return accounts.alertOperations;
    }

    /** The usage history: every request's tokens, collected from the proxy's usage queue, queried and exported. */
    public UsageOperations usage() {
        return usage.operations;
    }

    /** The OAuth token files of the auth directory. */
    public AuthFileOperations authFiles() {
        return files.authFiles;
    }

    /**
     * Several proxies in one control plane: every local port of the CCS directory and the proxies on other hosts
     * registered in the control settings, each with the same operations as the local proxy's.
     */
    public FleetOperations fleet() {
        return fleet.operations;
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

    /**
     * Stops every HTTP API this instance started, the supervision, the watch of sign-ins, the account watch, the
     * webhook sender and the usage collection (a batch being committed finishes first). The proxy itself keeps
     * running, and so do the pauses: what the automation paused is resumed by the next program that runs it, at the
     * reset time recorded.
     */
    @Override
    public void close() {
        servers.forEach(HttpServerHandle::close);
        process.supervisor.close();
        accounts.close();
        usage.close();
        files.close();
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
}
