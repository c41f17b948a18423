package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import java.util.List;
import java.util.Optional;

/** The settings that decide which proxy is managed and how to talk to it, read from the CCS directory's YAML. */
public interface ProxySettingsPort {

    /**
     * {@code cliproxy_server.local.port} of the CLI's {@code config.yaml} when set and valid, else the top-level
     * {@code port} of {@code cliproxy/config.yaml}, else 8317 (contract §1).
     */
    int lifecyclePort();

    /** The client API keys ({@code api-keys}) of that port's proxy config, read fresh on every call. */
    List<String> apiKeys(int port);

    /**
     * The plain-text management secret ({@code remote-management.secret-key}) of that port's proxy config. Once the
     * proxy has replaced it with its bcrypt hash (which cannot be used to authenticate), the plain text this tool
     * kept when it wrote that config; empty when unset or unknown.
     */
    Optional<String> managementSecret(int port);

    /** The build of the proxy in use: {@code cliproxy.backend} of the CLI's {@code config.yaml}, else the original. */
    Backend backend();
}
