package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ProxyStatus;
import java.time.Duration;

/**
 * One proxy on another host, as far as its state goes: whether it answers at its URL, its version and whether its
 * management API accepts the key. The other ports of such a proxy (its models, logs, config, auth files) are the
 * same ports as a local proxy's, with adapters over its management API.
 */
public interface RemoteProxyPort {

    /**
     * Asks the proxy, all within {@code timeout}: its health route (no key needed), then, when a management key is
     * known and has not been refused before, its management API. Never sends a key the proxy refused once (it bans
     * an address after a few failed logins). Never throws: every failure is a state of the answer.
     */
    ProxyStatus.Remote check(Duration timeout);
}
