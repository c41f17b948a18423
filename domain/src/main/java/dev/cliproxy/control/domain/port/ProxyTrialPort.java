package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.TrialSetup;
import java.nio.file.Path;

/** Runs a candidate proxy binary on the side, before it replaces the one in use. */
public interface ProxyTrialPort {

    /** A loopback port the operating system says is free now. */
    int sparePort();

    /**
     * Runs {@code binary --config <trial config>} in the trial's directory (its {@code WRITABLE_PATH}), its output
     * in a file there. Stop it with {@link ProxyProcessPort#terminate}.
     */
    ProxyProcessPort.Launch launch(Path binary, Backend backend, TrialSetup trial);
}
