package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.LogInAccountUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.LoginPhase;
import dev.cliproxy.control.domain.model.LoginPolicy;
import dev.cliproxy.control.domain.model.LoginRedirect;
import dev.cliproxy.control.domain.model.LoginStarted;
import dev.cliproxy.control.domain.model.LoginState;
import dev.cliproxy.control.domain.model.LoginStatus;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Drives the proxy's sign-in flows. A flow started here is watched (on a virtual thread, every
 * {@link LoginPolicy#pollInterval()}, while any flow waits) until the proxy says it is done, failed, or this server's
 * {@link LoginPolicy#timeout()} passes; its answer is then kept for {@link LoginPolicy#keepFinished()}. The account it
 * added is the provider's token file that was not in {@code auth/} (or not as it is now) when the flow started.
 *
 * <p>A refused management key is never tried again: the proxy bans an address after five refusals, so once a key is
 * refused on a port, every flow on it fails and every request answers the refusal without asking the proxy, until
 * the secret the settings name changes.
 */
public final class AccountLoginService implements LogInAccountUseCase, AutoCloseable {

    /** The longest text of the proxy's own passed on in an answer. */
    private static final int MAX_REASON = 300;

    /**
     * One flow: the proxy's port and secret it was started with, the token files before it (by place, name and
     * time), and its answer so far.
     */
    private record Flow(String state, QuotaProvider provider, String flow, int port, String secret, Instant deadline,
                        Set<String> before, LoginStatus status, Optional<Instant> finishedAt) {

        boolean waiting() {
            return status.phase() == LoginPhase.WAIT;
        }

        Flow finished(LoginStatus answer, Instant at) {
            return new Flow(state, provider, flow, port, secret, deadline, before, answer, Optional.of(at));
        }
    }

    private final ProxyLoginPort login;
    private final ProxySettingsPort settings;
    private final ProxyApiPort proxyApi;
    private final ListAccountsUseCase accounts;
    private final List<QuotaProvider> catalogue;
    private final AccountEventsService events;
    private final Clock clock;
    private final LoginPolicy policy;
    private final Map<String, Flow> flows = new ConcurrentHashMap<>();
    /** The management secret the proxy of each port refused. */
    private final Map<Integer, String> refused = new ConcurrentHashMap<>();
    private final ReentrantLock pollerLock = new ReentrantLock();
    /** Guarded by {@link #pollerLock}. */
    private PeriodicTask poller;
    private volatile boolean closed;

    /**
     * @param accounts  the listing, which names the account a flow added
     * @param catalogue the providers, with their sign-in flows
     */
    public AccountLoginService(ProxyLoginPort login, ProxySettingsPort settings, ProxyApiPort proxyApi,
                               ListAccountsUseCase accounts, List<QuotaProvider> catalogue, AccountEventsService events,
                               Clock clock, LoginPolicy policy) {
        this.login = Objects.requireNonNull(login, "login");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.proxyApi = Objects.requireNonNull(proxyApi, "proxyApi");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.catalogue = List.copyOf(catalogue);
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public LoginStarted start(String providerId) {
        QuotaProvider provider = catalogue.stream().filter(p -> p.id().equals(providerId)).findFirst()
                .orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_PROVIDER, "Provider must be one of: "
                        + catalogue.stream().map(QuotaProvider::id).collect(Collectors.joining(", "))));
        String flow = provider.loginFlow().orElseThrow(() -> new InvalidInputException(ErrorCode.LOGIN_UNSUPPORTED,
                "The proxy cannot sign in " + provider.id() + " accounts: import the account's token file instead "
                        + "(POST /api/cliproxy/accounts/import)"));
        if (provider.needsPlusBackend() && settings.backend() != Backend.PLUS) {
            throw new InvalidInputException(ErrorCode.LOGIN_UNSUPPORTED, provider.id() + " accounts sign in on the "
                    + Backend.PLUS.label() + " backend only: set cliproxy.backend: plus in the ccs settings, install"
                    + " it and start it");
        }
        int port = settings.lifecyclePort();
        if (proxyApi.probe(port, policy.probeTimeout()) != ProbeResult.PROXY) {
            throw new ConflictException(ErrorCode.PROXY_NOT_RUNNING, "CLIProxyAPI runs the sign-in: start the proxy"
                    + " (POST /api/cliproxy/proxy-start), then sign in again");
        }
        String secret = settings.managementSecret(port).orElseThrow(() -> new ConflictException(
                ErrorCode.MANAGEMENT_DISABLED, "No management secret is known for the proxy: set"
                + " cliproxy.auth.management_secret in the ccs settings to its remote-management.secret-key"));
        refuseIfRefusedBefore(port, secret);
        Set<String> before = files();
        ProxyLoginStart answer = remembered(port, secret, () -> login.start(port, secret, flow));
        return switch (answer) {
            case ProxyLoginStart.Unsupported unsupported -> throw new InvalidInputException(
                    ErrorCode.LOGIN_UNSUPPORTED, "The running proxy" + unsupported.version().map(v -> " (" + v + ")")
                    .orElse("") + " has no " + flow + " sign-in: its version or backend does not serve "
                    + provider.id() + " accounts; install one that does, or import the token file");
            case ProxyLoginStart.Started started -> begin(provider, flow, port, secret, before, started);
        };
    }

    private LoginStarted begin(QuotaProvider provider, String flow, int port, String secret, Set<String> before,
                               ProxyLoginStart.Started started) {
        if (!LoginState.isValid(started.state())) {
            throw new UpstreamFailureException(ErrorCode.INVALID_UPSTREAM_RESPONSE,
                    "the proxy named its sign-in with a state that is not one");
        }
        Instant now = clock.instant();
        Instant deadline = now.plus(policy.timeout());
        LoginStatus waiting = new LoginStatus(started.state(), provider.id(), LoginPhase.WAIT, Optional.empty(),
                Optional.empty());
        flows.put(started.state(), new Flow(started.state(), provider, flow, port, secret, deadline, before, waiting,
                Optional.empty()));
        events.publish(AccountEvent.started(provider.id(), started.state(), now));
        watch();
        return new LoginStarted(started.state(), started.url(), provider.id(), deadline);
    }

    @Override
    public LoginStatus status(String state) {
        Flow flow = flow(state);
        if (flow.waiting() && !clock.instant().isBefore(flow.deadline())) {
            check(flow);
        }
        return flow(state).status();
    }

    @Override
    public LoginStatus callback(String state, String redirectUrl) {
        Flow flow = waiting(state);
        LoginRedirect.check(redirectUrl, state);
        refuseIfRefusedBefore(flow.port(), flow.secret());
        try {
            remembered(flow.port(), flow.secret(), () -> {
                login.callback(flow.port(), flow.secret(), flow.flow(), state, redirectUrl);
                return null;
            });
        } catch (UpstreamFailureException e) {
            failIfKeyRefused(flow, e);
            throw e;
        }
        check(flow);
        return flow(state).status();
    }

    @Override
    public LoginStatus cancel(String state) {
        Flow flow = waiting(state);
        endHereThenAtProxy(flow, "Cancelled");
        return flow(state).status();
    }

    /** Asks the proxy how every waiting flow stands (what the watch does each interval), and forgets old answers. */
    public void check() {
        Instant now = clock.instant();
        flows.values().removeIf(f -> f.finishedAt().filter(at -> !now.isBefore(at.plus(policy.keepFinished())))
                .isPresent());
        flows.values().stream().filter(Flow::waiting).forEach(this::check);
    }

    /** Whether any flow waits for consent. */
    boolean anyWaiting() {
        return flows.values().stream().anyMatch(Flow::waiting);
    }

    /** Whether the watch runs. */
    boolean watching() {
        pollerLock.lock();
        try {
            return poller != null;
        } finally {
            pollerLock.unlock();
        }
    }

    /**
     * Asks the proxy how the flow stands. Past its deadline a flow still waiting is given up, but one the proxy has
     * finished is told as it finished: a consent just before the deadline is not lost.
     */
    private void check(Flow flow) {
        boolean due = !clock.instant().isBefore(flow.deadline());
        if (isRefused(flow.port(), flow.secret())) {
            finish(flow, failed(flow, refusedKey(flow.port()).detail().orElseThrow()));
            return;
        }
        ProxyLoginProgress progress;
        try {
            progress = remembered(flow.port(), flow.secret(),
                    () -> login.progress(flow.port(), flow.secret(), flow.state()));
        } catch (ControlException e) {
            failIfFinal(flow, e);
            if (due) {
                expire(flow);
            }
            return;
        }
        switch (progress) {
            case ProxyLoginProgress.Waiting waiting -> {
                if (due) {
                    expire(flow);
                }
            }
            case ProxyLoginProgress.Done done -> finish(flow, added(flow).map(account -> new LoginStatus(flow.state(),
                    flow.provider().id(), LoginPhase.OK, Optional.empty(), Optional.of(account)))
                    .orElseGet(() -> failed(flow, "The proxy reports the sign-in done, but no new "
                            + flow.provider().id() + " token file appeared in auth/: is the proxy's auth-dir this CCS"
                            + " directory's cliproxy/auth?")));
            case ProxyLoginProgress.Failed failed -> finish(flow, failed(flow, "The proxy reports: "
                    + shown(failed.reason())));
        }
    }

    private void expire(Flow flow) {
        endHereThenAtProxy(flow, "Nobody completed the sign-in within " + described(policy.timeout())
                + ": sign in again");
    }

    /**
     * Ends the flow with {@code reason}, then tells the proxy to stop waiting. In this order: a look at the flow made
     * meanwhile (the watch's, a client's) finds the proxy forgot it ("unknown or expired state"), and must not end
     * it with that instead.
     */
    private void endHereThenAtProxy(Flow flow, String reason) {
        finish(flow, failed(flow, reason));
        stopAtProxy(flow);
    }

    /**
     * What ends a flow when asking about it fails: a refused key or address, a proxy without its management API, a
     * proxy that stopped. Anything else may pass, and the deadline bounds the wait.
     */
    private void failIfFinal(Flow flow, ControlException e) {
        ErrorCode code = e.errorCode().orElse(ErrorCode.UPSTREAM_UNREACHABLE);
        if (code == ErrorCode.MANAGEMENT_KEY_REJECTED || code == ErrorCode.MANAGEMENT_FORBIDDEN
                || code == ErrorCode.MANAGEMENT_DISABLED) {
            finish(flow, failed(flow, e.detail().orElse(e.error())));
        } else if (proxyApi.probe(flow.port(), policy.probeTimeout()) != ProbeResult.PROXY) {
            finish(flow, failed(flow, "The proxy stopped during the sign-in: start it and sign in again"));
        }
    }

    private void failIfKeyRefused(Flow flow, ControlException e) {
        if (e.errorCode().filter(ErrorCode.MANAGEMENT_KEY_REJECTED::equals).isPresent()) {
            finish(flow, failed(flow, e.detail().orElse(e.error())));
        }
    }

    /** The provider's active token file that was not there (or not as it is now) when the flow started. */
    private Optional<AccountStatus> added(Flow flow) {
        return accounts.list().stream()
                .filter(a -> a.token().provider().equals(flow.provider().id()) && !a.token().paused())
                .filter(a -> !flow.before().contains(key(a)))
                .max(Comparator.comparing(a -> a.token().modifiedAt()));
    }

    /** Every token file as it is now, by where it is, its name and its time. */
    private Set<String> files() {
        return accounts.list().stream().map(AccountLoginService::key).collect(Collectors.toUnmodifiableSet());
    }

    private static String key(AccountStatus account) {
        return (account.token().paused() ? "auth-paused/" : "auth/") + account.token().file() + "@"
                + account.token().modifiedAt().toEpochMilli();
    }

    /** Tells the proxy to stop waiting, unless its key was refused; its own failures change nothing here. */
    private void stopAtProxy(Flow flow) {
        if (isRefused(flow.port(), flow.secret())) {
            return;
        }
        try {
            remembered(flow.port(), flow.secret(), () -> {
                login.cancel(flow.port(), flow.secret(), flow.state());
                return null;
            });
        } catch (ControlException e) {
            // The flow ends here whatever the proxy says; an old proxy simply lets it run out.
        }
    }

    /** Ends a waiting flow with {@code answer}, once: only the first ending is kept and told. */
    private void finish(Flow flow, LoginStatus answer) {
        Flow current = flows.get(flow.state());
        if (current == null || !current.waiting()) {
            return;
        }
        Instant now = clock.instant();
        if (!flows.replace(flow.state(), current, current.finished(answer, now))) {
            return;
        }
        events.publish(answer.account().map(account -> AccountEvent.added(account, Optional.of(flow.state()), now))
                .orElseGet(() -> AccountEvent.failed(flow.provider().id(), flow.state(), answer.error().orElseThrow(),
                        now)));
    }

    private static LoginStatus failed(Flow flow, String reason) {
        return new LoginStatus(flow.state(), flow.provider().id(), LoginPhase.ERROR, Optional.of(reason),
                Optional.empty());
    }

    private Flow flow(String state) {
        if (!LoginState.isValid(state)) {
            throw new InvalidInputException(ErrorCode.INVALID_LOGIN_STATE, null);
        }
        Flow flow = flows.get(state);
        if (flow == null) {
            throw new NotFoundException(ErrorCode.LOGIN_NOT_FOUND, "No sign-in of this server has this state (a"
                    + " finished one is forgotten after " + policy.keepFinished().toMinutes() + " min)");
        }
        return flow;
    }

    private Flow waiting(String state) {
        Flow flow = flow(state);
        if (flow.waiting() && !clock.instant().isBefore(flow.deadline())) {
            check(flow);
            flow = flow(state);
        }
        if (!flow.waiting()) {
            throw new ConflictException(ErrorCode.LOGIN_FINISHED, "This sign-in is over (" + flow.status().phase().id()
                    + "): start another one");
        }
        return flow;
    }

    /** A call to the proxy; a refusal of the key is remembered, so that the key is never offered again. */
    private <T> T remembered(int port, String secret, Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamFailureException e) {
            if (e.errorCode().filter(ErrorCode.MANAGEMENT_KEY_REJECTED::equals).isPresent()) {
                refused.put(port, secret);
            }
            throw e;
        }
    }

    private boolean isRefused(int port, String secret) {
        return secret.equals(refused.get(port));
    }

    private void refuseIfRefusedBefore(int port, String secret) {
        if (isRefused(port, secret)) {
            throw refusedKey(port);
        }
    }

    private static UpstreamFailureException refusedKey(int port) {
        return new UpstreamFailureException(ErrorCode.MANAGEMENT_KEY_REJECTED, "The proxy refused this management"
                + " secret before (HTTP 401); it is not offered again, as the proxy bans an address after 5 refused"
                + " keys. Set cliproxy.auth.management_secret in the ccs settings (or cliproxy/.management-secret-"
                + port + ") to the proxy's remote-management.secret-key");
    }

    /** {@code 10 min}, {@code 30 s} or {@code 500 ms}: the largest unit that says it exactly. */
    static String described(Duration duration) {
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The proxy's words, on one line and short. */
    private static String shown(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }

    /** Starts the watch unless it runs; it ends by itself once no flow waits. */
    private void watch() {
        pollerLock.lock();
        try {
            if (poller == null && !closed) {
                poller = PeriodicTask.waitingFirst("cliproxy-login-watch", "sign-in check", policy::pollInterval,
                        this::poll);
                poller.start();
            }
        } finally {
            pollerLock.unlock();
        }
    }

    /** One look of the watch, which it ends once no flow waits (a failed look too: the deadline ends each flow). */
    private void poll() {
        try {
            check();
        } finally {
            pollerLock.lock();
            try {
                if (poller != null && !anyWaiting()) {
                    poller.stop();
                    poller = null;
                }
            } finally {
                pollerLock.unlock();
            }
        }
    }

    /** Stops the watch; flows still waiting are left to the proxy's own timeout. */
    @Override
    public void close() {
        PeriodicTask running;
        pollerLock.lock();
        try {
            closed = true;
            running = poller;
            poller = null;
        } finally {
            pollerLock.unlock();
        }
        if (running != null) {
            running.close();
        }
    }
}
