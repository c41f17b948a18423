package dev.cliproxy.control.domain.model;

import java.util.Objects;

/**
 * Which proxy the {@code ccs} settings point at now: the local one on its port, or, while their remote mode is on,
 * the proxy on another host. Both come from one read of the settings, so a status looks at the file once.
 */
public sealed interface ProxyTarget {

    /** The local proxy, on {@code cliproxy_server.local.port} (8317 unless set). */
    record Local(int port) implements ProxyTarget {
    }

    /** The proxy on another host that the remote mode names. */
    record Remote(RemoteProxy proxy) implements ProxyTarget {
        public Remote {
            Objects.requireNonNull(proxy, "proxy");
        }
    }
}
