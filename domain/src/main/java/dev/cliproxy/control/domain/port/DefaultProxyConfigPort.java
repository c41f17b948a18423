package dev.cliproxy.control.domain.port;

/** Makes sure a port's proxy config file exists before the proxy is started with it. */
public interface DefaultProxyConfigPort {

    /**
     * Writes a safe config for {@code port} (loopback only, random API key and management secret, remote
     * management off) unless the file exists; an existing file is never touched. Returns whether it wrote one.
     */
    boolean createIfMissing(int port);
}
