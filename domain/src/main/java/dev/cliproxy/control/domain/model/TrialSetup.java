package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A place to try a new proxy binary without touching the real one's files: a private directory (its
 * {@code WRITABLE_PATH}) holding a copy of the proxy config whose {@code port} is the spare {@code port} and whose
 * {@code auth-dir} is an empty folder, and the client key {@code /v1/models} accepts there (empty when the config
 * requires none).
 */
public record TrialSetup(Path directory, Path config, int port, Optional<String> apiKey) {

    public TrialSetup {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
