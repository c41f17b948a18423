package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ProcessInfo;
import java.util.Optional;

/** The operating system's processes, as far as controlling the proxy needs them. */
public interface ProxyProcessPort {

    /** The live process with this PID, with whatever the OS tells of its start instant and command. */
    Optional<ProcessInfo> find(long pid);
}
