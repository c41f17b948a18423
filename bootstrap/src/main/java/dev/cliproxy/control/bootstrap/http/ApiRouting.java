package dev.cliproxy.control.bootstrap.http;

import static io.helidon.http.Method.DELETE;
import static io.helidon.http.Method.GET;
import static io.helidon.http.Method.POST;
import static io.helidon.http.Method.PUT;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The routes of the API as one table: method, path, summary (as the OpenAPI document says it) and handler. Each row
 * becomes one Helidon route, in the table's order, where each specific route comes before any broader one; then each
 * path answers 405 to the methods it does not serve, so that a wrong method never falls through to another route
 * or to a 404.
 */
public final class ApiRouting {

    /** The base path of the contract. */
    public static final String BASE_PATH = "/api/cliproxy";
    /** The base path of the fleet's routes. */
    public static final String FLEET_PATH = FleetRoutes.BASE_PATH;

    private static final List<Route> TABLE = List.of(
            new Route(GET, "/proxy-status", "Whether the proxy of the current port runs, verified beyond its PID.",
                    h -> h.proxy()::status),
            new Route(POST, "/proxy-start", "Starts the proxy unless one runs, and waits until it answers as healthy.",
                    h -> h.proxy()::start),
            new Route(POST, "/proxy-stop", "Stops the recorded proxy (SIGTERM, then a kill after the grace period).",
                    h -> h.proxy()::stop),
            new Route(POST, "/proxy-restart",
                    "Stops then starts the proxy under one hold of the startup lock, keeping its registered sessions.",
                    h -> h.proxy()::restart),
            new Route(GET, "/status", "Whether the proxy runs, in the shape the Node dashboard's own page polls"
                    + " (the proxy-status decision).", h -> h.proxy()::dashboardStatus),
            new Route(POST, "/restart",
                    "The proxy-restart operation, answered in the shape the Node dashboard's own page expects.",
                    h -> h.proxy()::dashboardRestart),
            new Route(GET, "/events",
                    "Server-sent events, one per change of the proxy's status, one per install step and one per"
                            + " account alert.",
                    h -> h.events()::events),
            new Route(GET, "/models", "The models the running proxy serves, grouped by owner.",
                    h -> h.models()::models),
            new Route(GET, "/update-check", "Whether a newer proxy release than the installed one is published.",
                    h -> h.releases()::updateCheck),
            new Route(GET, "/versions", "The published releases, newest first.", h -> h.releases()::versions),
            new Route(POST, "/install",
                    "Installs a release of the backend in use, verified, tried on a spare port, then promoted.",
                    h -> h.installs()::install),
            new Route(GET, "/install", "The running install or rollback, else the last one since the server started.",
                    h -> h.installs()::status),
            new Route(POST, "/rollback",
                    "Puts back the version the last install replaced, restarting the proxy if it ran.",
                    h -> h.installs()::rollback),
            new Route(GET, "/quota/{provider}/{accountId}",
                    "The provider quota of one account whose token file is in auth/ or auth-paused/.",
                    h -> h.quota()::quota),
            new Route(GET, "/accounts", "The accounts of auth/ and auth-paused/ with their tokens' health; never a token.",
                    h -> h.accounts()::list),
            new Route(POST, "/accounts/{provider}/{accountId}/pause",
                    "Pauses an account: its token file moves to auth-paused/ and the pause is recorded as manual.",
                    h -> h.accounts()::pause),
            new Route(POST, "/accounts/{provider}/{accountId}/resume",
                    "Resumes a paused account: its token file moves back to auth/.", h -> h.accounts()::resume),
            new Route(POST, "/accounts/import",
                    "Imports a token file into auth/ (atomically, 0600), named as asked or by its type and email.",
                    h -> h.accountChanges()::importToken),
            new Route(POST, "/accounts/{provider}/login",
                    "Starts signing an account in through the running proxy: the consent page to open and the state.",
                    h -> h.accountChanges()::login),
            new Route(GET, "/accounts/login/{state}",
                    "How a sign-in stands: wait, ok with the account added, or error with why.",
                    h -> h.accountChanges()::loginStatus),
            new Route(POST, "/accounts/login/{state}/callback",
                    "Hands the proxy the redirect a browser on another machine landed on after consent.",
                    h -> h.accountChanges()::loginCallback),
            new Route(DELETE, "/accounts/login/{state}", "Gives a sign-in up, here and at the proxy.",
                    h -> h.accountChanges()::cancelLogin),
            new Route(DELETE, "/accounts/{provider}/{accountId}",
                    "Removes an account: its token file moves to auth-removed/, kept 30 days to be restored.",
                    h -> h.accountChanges()::remove),
            new Route(POST, "/accounts/{provider}/{accountId}/restore",
                    "Brings an account's most recently removed token file back where it was.",
                    h -> h.accountChanges()::restore),
            new Route(GET, "/alerts",
                    "The webhooks alerts are posted to and their last deliveries; never a secret.",
                    h -> h.alerts()::list),
            new Route(GET, "/usage", "Usage totals of a time range, grouped by day, hour, provider, model, account,"
                    + " API key or instance.", h -> h.usage()::report),
            new Route(GET, "/usage/requests", "One page of the usage history's raw records, oldest first.",
                    h -> h.usage()::requests),
            new Route(GET, "/usage/export", "Every usage record of a time range, streamed as CSV or JSON lines.",
                    h -> h.usage()::export),
            new Route(GET, "/usage/status",
                    "What the usage collector does, and who last drained each instance's usage queue into the store.",
                    h -> h.usage()::status),
            new Route(GET, "/error-logs", "The proxy's error logs, newest first.", h -> h.errorLogs()::list),
            new Route(GET, "/error-logs/*", "One error log's content.", h -> h.errorLogs()::read),
            new Route(GET, "/config.yaml", "The proxy config file of the current port, with an ETag.",
                    h -> h.config()::get),
            new Route(PUT, "/config.yaml",
                    "Replaces the config file atomically; with If-Match, only if it still has that ETag.",
                    h -> h.config()::put),
            new Route(GET, "/config.yaml/backup",
                    "What the last save of the config file replaced (config.yaml.bak), with its ETag.",
                    h -> h.config()::backup),
            new Route(GET, "/control-settings",
                    "The control server's own settings (cliproxy/control.yaml), with an ETag; secrets are never shown.",
                    h -> h.controlSettings()::get),
            new Route(PUT, "/control-settings",
                    "Replaces the settings whole, atomically (0600); with If-Match, only if they still have that ETag.",
                    h -> h.controlSettings()::put),
            new Route(GET, "/control-settings/defaults",
                    "What each key of the checked sections is when left out: the settings' defaults.",
                    h -> h.controlSettings()::defaults),
            new Route(GET, "/auth-files", "The OAuth token files of the auth directory.", h -> h.authFiles()::list),
            new Route(GET, "/auth-files/download", "One auth file, as an attachment that no cache may keep.",
                    h -> h.authFiles()::download),
            new Route(GET, "/openapi.yaml", "This document.", h -> h.openApi()::document),
            new Route(GET, FLEET_PATH, "/instances", "The fleet's proxies: every local port of the CCS directory,"
                    + " the ccs remote while remote mode is on, the registered proxies on other hosts.",
                    h -> h.fleet()::list),
            new Route(POST, FLEET_PATH, "/instances",
                    "Registers a proxy on another host (name, base URL, management key, which is never shown).",
                    h -> h.fleet()::register),
            new Route(DELETE, FLEET_PATH, "/instances/{id}", "Forgets a registered proxy.", h -> h.fleet()::remove),
            new Route(GET, FLEET_PATH, "/status",
                    "Every instance's state at once, each within the fleet's status timeout.",
                    h -> h.fleet()::status),
            new Route(GET, FLEET_PATH, "/quota", "The quota of every account of every instance.",
                    h -> h.fleet()::quota),
            new Route(GET, FLEET_PATH, "/instances/{id}/proxy-status", "The instance's proxy-status.",
                    h -> (req, res) -> h.fleet().instance(req).proxy().status(req, res)),
            new Route(POST, FLEET_PATH, "/instances/{id}/proxy-start",
                    "Starts the instance's proxy (a local one; a remote one answers 409).",
                    h -> (req, res) -> h.fleet().instance(req).proxy().start(req, res)),
            new Route(POST, FLEET_PATH, "/instances/{id}/proxy-stop",
                    "Stops the instance's proxy (a local one; a remote one answers 409).",
                    h -> (req, res) -> h.fleet().instance(req).proxy().stop(req, res)),
            new Route(POST, FLEET_PATH, "/instances/{id}/proxy-restart",
                    "Restarts the instance's proxy (a local one; a remote one answers 409).",
                    h -> (req, res) -> h.fleet().instance(req).proxy().restart(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/models", "The models the instance's proxy serves.",
                    h -> (req, res) -> h.fleet().instance(req).models().models(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/error-logs", "The instance's error logs, newest first.",
                    h -> (req, res) -> h.fleet().instance(req).errorLogs().list(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/error-logs/*", "One of the instance's error logs.",
                    h -> (req, res) -> h.fleet().instance(req).errorLogs().read(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/config.yaml", "The instance's proxy config, with an ETag.",
                    h -> (req, res) -> h.fleet().instance(req).config().get(req, res)),
            new Route(PUT, FLEET_PATH, "/instances/{id}/config.yaml",
                    "Replaces the instance's proxy config; with If-Match, only if it still has that ETag.",
                    h -> (req, res) -> h.fleet().instance(req).config().put(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/auth-files", "The instance's auth files.",
                    h -> (req, res) -> h.fleet().instance(req).authFiles().list(req, res)),
            new Route(GET, FLEET_PATH, "/instances/{id}/auth-files/download", "One of the instance's auth files.",
                    h -> (req, res) -> h.fleet().instance(req).authFiles().download(req, res)));

    private ApiRouting() {
    }

    /**
     * One row of the table: {@code path} is under {@code base} ({@link #BASE_PATH} unless given); {@code handler}
     * picks the handler out of the route classes once, when the routing is built, so that a request goes straight
     * to it.
     */
    public record Route(Method method, String base, String path, String summary, Function<Handlers, Handler> handler) {

        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(handler, "handler");
        }

        /** A route under {@link #BASE_PATH}. */
        public Route(Method method, String path, String summary, Function<Handlers, Handler> handler) {
            this(method, BASE_PATH, path, summary, handler);
        }

        /** The full path pattern, as the API description names it. */
        public String fullPath() {
            return base + path;
        }
    }

    /** The route classes, each serving one area of {@link HttpApi}. */
    record Handlers(ProxyRoutes proxy, EventRoutes events, ModelRoutes models, ReleaseRoutes releases,
                    InstallRoutes installs, QuotaRoutes quota, ErrorLogRoutes errorLogs, ConfigRoutes config,
                    ControlSettingsRoutes controlSettings, AuthFileRoutes authFiles, AccountRoutes accounts,
                    AccountChangeRoutes accountChanges, AlertRoutes alerts, UsageRoutes usage, OpenApiRoutes openApi,
                    FleetRoutes fleet) {

        static Handlers of(HttpApi api, EventRoutes events, Duration bodyDeadline) {
            return new Handlers(new ProxyRoutes(api.process()), events, new ModelRoutes(api.process().models()),
                    new ReleaseRoutes(api.releases()), new InstallRoutes(api.releases(), bodyDeadline),
                    new QuotaRoutes(api.quota()),
                    new ErrorLogRoutes(api.files(), BASE_PATH), new ConfigRoutes(api.files(), bodyDeadline),
                    new ControlSettingsRoutes(api.settings(), bodyDeadline), new AuthFileRoutes(api.files()),
                    new AccountRoutes(api.accounts()), new AccountChangeRoutes(api.accountChanges(), bodyDeadline),
                    new AlertRoutes(api.alerts()), new UsageRoutes(api.usage()),
                    new OpenApiRoutes(api.quota().providers()), new FleetRoutes(api.fleet(), bodyDeadline));
        }
    }

    /** The table: every route the server serves under {@link #BASE_PATH} and {@link #FLEET_PATH}. */
    public static List<Route> routes() {
        return TABLE;
    }

    /**
     * Configures {@code routing} with the filters, every row of the table, the 405s, the dashboard page and the error
     * mapping; {@code bodyDeadline} is how long a client may take to send a request body once its headers are in.
     */
    static void configure(HttpRouting.Builder routing, HttpApi api, AccessPolicy policy, EventRoutes events,
                          Metrics metrics, boolean accessLog, Duration bodyDeadline) {
        if (accessLog) {
            // First, so that even refused requests are logged.
            routing.addFilter(new AccessLog());
        }
        // Before the guard, so that refused requests are timed too.
        routing.addFilter(metrics);
        routing.addFilter(new RequestGuard(policy));
        // Outside the base path, where Prometheus looks; under the same guard as every route.
        routing.get(Metrics.PATH, metrics::scrape);
        routing.any(Metrics.PATH, ErrorMapping::methodNotAllowed);
        Handlers handlers = Handlers.of(api, events, bodyDeadline);
        Set<String> paths = new LinkedHashSet<>();
        for (Route route : TABLE) {
            routing.route(route.method(), route.fullPath(), route.handler().apply(handlers));
            paths.add(route.fullPath());
        }
        paths.forEach(path -> routing.any(path, ErrorMapping::methodNotAllowed));
        DashboardPage.register(routing);
        ErrorMapping.register(routing);
    }
}
