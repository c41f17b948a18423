package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ClientKeys;

/** Makes sure a port's proxy config file exists before the proxy is started with it. */
public interface DefaultProxyConfigPort {

    /**
     * Unless the file exists, writes a config for {@code port} that the {@code ccs} tools accept as their own (their
     * header, config version and keys, {@code panelRepository} as the management panel) and that accepts their
     * clients' {@code keys}, bound to loopback with remote management off. An existing file is never touched.
     * Returns whether it wrote one.
     */
    boolean createIfMissing(int port, ClientKeys keys, String panelRepository);
}
