package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A process port that passes every call to another one, real or in memory: a test overrides only the call it
 * changes (a proxy that ignores SIGTERM, a process table that cannot be read).
 */
public class ForwardingProxyProcesses implements ProxyProcessPort {

    private final ProxyProcessPort delegate;

    public ForwardingProxyProcesses(ProxyProcessPort delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<ProcessInfo> find(long pid) {
        return delegate.find(pid);
    }

    @Override
    public ProcessInfo self() {
        return delegate.self();
    }

    @Override
    public Launch launch(Path binary, Backend backend, int port) {
        return delegate.launch(binary, backend, port);
    }

    @Override
    public Termination terminate(ProcessInfo process, Duration grace) {
        return delegate.terminate(process, grace);
    }

    @Override
    public String outputTail(int port, int maxLines) {
        return delegate.outputTail(port, maxLines);
    }
}
