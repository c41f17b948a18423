package dev.cliproxy.control.domain.port;

/** The settings that decide which proxy is managed, read from the CCS directory's YAML files. */
public interface ProxySettingsPort {

    /**
     * {@code cliproxy_server.local.port} of the CLI's {@code config.yaml} when set and valid, else the top-level
     * {@code port} of {@code cliproxy/config.yaml}, else 8317 (contract §1).
     */
    int lifecyclePort();
}
