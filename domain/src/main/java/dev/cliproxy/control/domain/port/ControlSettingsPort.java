package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;

/**
 * The control server's own settings file, {@code cliproxy/control.yaml} (never one of the {@code ccs} tools'
 * files). A missing file reads as {@link ControlSettings#DEFAULTS}; the settings always exist, so
 * {@code If-Match: *} always holds.
 */
public interface ControlSettingsPort {

    /**
     * The stored settings; {@link dev.cliproxy.control.domain.error.StorageException} when the file exists but is
     * not valid settings (its message names the file by its name under the CCS directory only).
     */
    ControlSettingsDocument read();

    /**
     * Replaces the settings, under a lock that serialises writers: checks {@code precondition} against the
     * current tag (else {@link dev.cliproxy.control.domain.error.PreconditionFailedException} and nothing is
     * written), then writes atomically and durably with mode 0600. Returns what is now stored.
     */
    ControlSettingsDocument replace(ControlSettings settings, WritePrecondition precondition);
}
