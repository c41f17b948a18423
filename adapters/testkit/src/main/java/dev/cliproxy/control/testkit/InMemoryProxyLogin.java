package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sign-in flows of the running proxy's management API in memory, as CLIProxyAPI (v7) runs them: a proxy
 * {@link #serve}s on a port with its management secret and the flows its version has; a started flow waits until a
 * person {@link #consent}s (the proxy writes the account's token file into an {@link InMemoryAccounts}: the provider's
 * login name for the email, its {@code type}), is {@link #deny denied}, cancelled, or handed a redirect through the
 * callback: the provider's ({@link #redirect}) signs {@link #CALLBACK_EMAIL} in, one with another code or an
 * {@code error} fails the flow, as the proxy's exchange of the code would. Refuses as the real adapter reports it: no proxy on the port
 * ({@code upstream_unreachable}), a wrong secret ({@code management_key_rejected}, counted in
 * {@link #refusedKeys()}; after five, every call is {@code management_forbidden}, as the proxy bans the address), a
 * flow the proxy does not have ({@link ProxyLoginStart.Unsupported}).
 */
public final class InMemoryProxyLogin implements ProxyLoginPort {

    /** The email of the account a callback signs in. */
    public static final String CALLBACK_EMAIL = "callback@example.com";

    /** As the proxy: five refused keys ban the caller's address. */
    private static final int BAN_AFTER = 5;

    private enum Phase { WAITING, DONE, FAILED }

    private record Proxy(String secret, Set<String> flows, Optional<String> version) {
    }

    private record Session(int port, String flow, String code, Phase phase, String error) {
        Session with(Phase next, String why) {
            return new Session(port, flow, code, next, why);
        }
    }

    private final InMemoryAccounts accounts;
    private final Clock clock;
    private final List<QuotaProvider> catalogue;
    private final Map<Integer, Proxy> proxies = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    /** Token files are written into {@code accounts}, owned by the built-in providers. */
    public InMemoryProxyLogin(InMemoryAccounts accounts, Clock clock) {
        this(accounts, clock, QuotaProvider.builtIn());
    }

    /** Each flow signs in the accounts of the provider of {@code catalogue} that has it. */
    public InMemoryProxyLogin(InMemoryAccounts accounts, Clock clock, List<QuotaProvider> catalogue) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.catalogue = List.copyOf(catalogue);
    }

    /** A proxy now answers on {@code port} with {@code secret}, and has every flow of the catalogue. */
    public void serve(int port, String secret) {
        serve(port, secret, Optional.empty(), Set.copyOf(catalogue.stream()
                .flatMap(p -> p.loginFlow().stream()).toList()));
    }

    /** A proxy of {@code version} answers on {@code port} with {@code secret} and has these flows only. */
    public void serve(int port, String secret, Optional<String> version, Set<String> flows) {
        proxies.put(port, new Proxy(Objects.requireNonNull(secret, "secret"), Set.copyOf(flows), version));
    }

    /** The proxy on {@code port} stops: it forgets its flows. */
    public void stop(int port) {
        proxies.remove(port);
        sessions.values().removeIf(session -> session.port() == port);
    }

    /** A person consents: the proxy writes the token file of {@code email} and the flow is done. */
    public void consent(String state, String email) {
        Session session = waitingSession(state);
        QuotaProvider provider = providerOf(session.flow());
        accounts.put(provider.tokenFiles().fileName(email), false, Optional.of(provider.tokenFiles().type()),
                Optional.of(email), Optional.empty(), clock.instant());
        sessions.put(state, session.with(Phase.DONE, ""));
    }

    /** The provider refuses: the flow fails with {@code reason}. */
    public void deny(String state, String reason) {
        sessions.put(state, waitingSession(state).with(Phase.FAILED, reason));
    }

    /** The address the provider sends the browser back to after consent, with its code and the state. */
    public String redirect(String state) {
        return "http://localhost:54545/callback?code=" + waitingSession(state).code() + "&state=" + state;
    }

    /** How many calls were refused for a wrong secret. */
    public int refusedKeys() {
        return refused.get();
    }

    /** How many calls reached a proxy (refused ones included). */
    public int calls() {
        return calls.get();
    }

    @Override
    public ProxyLoginStart start(int port, String managementSecret, String flow) {
        Proxy proxy = authorized(port, managementSecret);
        if (!proxy.flows().contains(flow)) {
            return new ProxyLoginStart.Unsupported(proxy.version());
        }
        String state = "st-" + started.incrementAndGet();
        sessions.put(state, new Session(port, flow, "code-" + state, Phase.WAITING, ""));
        return new ProxyLoginStart.Started("http://127.0.0.1:" + port + "/consent?state=" + state, state);
    }

    @Override
    public ProxyLoginProgress progress(int port, String managementSecret, String state) {
        authorized(port, managementSecret);
        Session session = sessions.get(state);
        if (session == null || session.port() != port) {
            return new ProxyLoginProgress.Failed("unknown or expired state");
        }
        return switch (session.phase()) {
            case WAITING -> new ProxyLoginProgress.Waiting();
            case DONE -> new ProxyLoginProgress.Done();
            case FAILED -> new ProxyLoginProgress.Failed(session.error());
        };
    }

    @Override
    public void callback(int port, String managementSecret, String flow, String state, String redirectUrl) {
        authorized(port, managementSecret);
        Session session = sessions.get(state);
        if (session == null || session.port() != port) {
            throw new ConflictException(ErrorCode.LOGIN_FINISHED, "unknown or expired state");
        }
        if (session.phase() != Phase.WAITING || !session.flow().equals(flow)) {
            throw new ConflictException(ErrorCode.LOGIN_FINISHED, "oauth flow is not pending");
        }
        List<String> query = List.of(Optional.ofNullable(URI.create(redirectUrl).getQuery()).orElse("").split("&"));
        if (query.stream().noneMatch(p -> p.startsWith("code=") || p.startsWith("error="))) {
            throw new InvalidInputException(ErrorCode.INVALID_CALLBACK, "code or error is required");
        }
        // As the proxy: the callback is taken, and the exchange of its code decides.
        if (query.contains("code=" + session.code())) {
            consent(state, CALLBACK_EMAIL);
        } else {
            sessions.put(state, session.with(Phase.FAILED, query.stream().anyMatch(p -> p.startsWith("error="))
                    ? "Bad request" : "Failed to exchange the code for tokens"));
        }
    }

    @Override
    public void cancel(int port, String managementSecret, String state) {
        authorized(port, managementSecret);
        sessions.computeIfPresent(state, (s, session) -> session.phase() == Phase.WAITING ? null : session);
    }

    private Proxy authorized(int port, String secret) {
        Proxy proxy = proxies.get(port);
        if (proxy == null) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE,
                    "the proxy's management API could not be reached");
        }
        calls.incrementAndGet();
        if (refused.get() >= BAN_AFTER) {
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_FORBIDDEN, "The proxy refused this address (HTTP"
                    + " 403): IP banned due to too many failed attempts");
        }
        if (!proxy.secret().equals(secret)) {
            refused.incrementAndGet();
            throw new UpstreamFailureException(ErrorCode.MANAGEMENT_KEY_REJECTED, "The proxy refused the management"
                    + " secret (HTTP 401)");
        }
        return proxy;
    }

    private Session waitingSession(String state) {
        Session session = sessions.get(state);
        if (session == null || session.phase() != Phase.WAITING) {
            throw new IllegalStateException("no sign-in waits with state " + state);
        }
        return session;
    }

    private QuotaProvider providerOf(String flow) {
        return catalogue.stream().filter(p -> p.loginFlow().filter(flow::equals).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no provider signs in with " + flow));
    }
}
