package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.RemoteProxy;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the clients of proxies on other hosts, and remembers for all of them what their management APIs refused.
 * CLIProxyAPI bans an address for 30 minutes after five failed logins, however far apart, and a missing key counts as
 * a failed login too: so a key a proxy refused once (401) is never sent to that URL again by this process until it
 * changes or {@link #forgetRefusal} is called, and an address a proxy refused (403: banned, or remote management
 * off) does not ask it again for a while. Nothing here holds a key itself: refused keys are kept as digests.
 */
public final class RemoteProxyClients {

    /** How long one call to a proxy on another host may take, from connecting to the last byte; default 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final ProxySelector proxies;
    private final ManagementRefusals refusals;

    /**
     * @param timeout     how long one call may take in full
     * @param environment whose {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} the calls honour
     */
    public RemoteProxyClients(Duration timeout, Map<String, String> environment, Clock clock) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.proxies = EnvironmentProxySelector.from(environment);
        this.refusals = new ManagementRefusals(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * A client of {@code target} whose TLS trusts the JDK's trust store and, when given, the CA certificates of
     * {@code extraCaFile}. A file that cannot be read makes every call of the client fail, saying so.
     */
    public RemoteProxyClient client(RemoteProxy target, Optional<Path> extraCaFile) {
        return new RemoteProxyClient(target, refusals, extraCaFile, proxies, timeout);
    }

    /** Forgets that {@code target}'s proxy refused its key or this address, so that the next call tries again. */
    public void forgetRefusal(RemoteProxy target) {
        refusals.forget(target);
    }
}
