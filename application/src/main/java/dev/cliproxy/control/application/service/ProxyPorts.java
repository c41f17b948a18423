package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import java.util.Objects;

/** The ports the proxy's life cycle (start, stop, sessions) works through. */
public record ProxyPorts(ProxySettingsPort settings, SessionStorePort sessions, ProxyProcessPort processes,
                         ProxyApiPort proxyApi, StartupLockPort startupLock, DefaultProxyConfigPort configs) {

    public ProxyPorts {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(proxyApi, "proxyApi");
        Objects.requireNonNull(startupLock, "startupLock");
        Objects.requireNonNull(configs, "configs");
    }
}
