package dev.cliproxy.control.domain.port;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Asks a proxy executable for its version, without starting a server. */
public interface BinaryVersionPort {

    /**
     * The version the binary prints in its banner ({@code CLIProxyAPI Version: <ver>, ...}), as printed; empty when
     * it is missing, not executable, prints no banner or does not print it within {@code timeout}. Never throws.
     */
    Optional<String> reportedVersion(Path binary, Duration timeout);
}
