package dev.cliproxy.control.adapter.process;

import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.util.Optional;

/** Processes through the JDK's {@link ProcessHandle}: no {@code ps}, {@code lsof} or shell. */
public final class OsProxyProcessAdapter implements ProxyProcessPort {

    @Override
    public Optional<ProcessInfo> find(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(OsProxyProcessAdapter::describe);
    }

    static ProcessInfo describe(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        return new ProcessInfo(handle.pid(), info.startInstant(), info.command());
    }
}
