package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control settings in memory, with the real file's rules: defaults until written, the precondition checked
 * under the writers' lock, tags from the visible settings. Faults: {@link #corrupt} (a hand edit that broke the
 * file: reads fail until the next write) and {@link #failNextWrite} (nothing changes).
 */
public final class InMemoryControlSettings implements ControlSettingsPort {

    private final ReentrantLock lock = new ReentrantLock();
    private ControlSettings stored = ControlSettings.DEFAULTS;
    private boolean corrupt;
    private boolean failNextWrite;

    public InMemoryControlSettings() {
    }

    public InMemoryControlSettings(ControlSettings initial) {
        this.stored = Objects.requireNonNull(initial, "initial");
    }

    /** Puts settings as a hand edit would, without any check. */
    public void put(ControlSettings settings) {
        locked(() -> {
            stored = Objects.requireNonNull(settings, "settings");
            corrupt = false;
        });
    }

    /** The file no longer holds valid settings (a broken hand edit) until the next write. */
    public void corrupt() {
        locked(() -> corrupt = true);
    }

    /** The next replace fails after its checks, as a full disk would; nothing changes. */
    public void failNextWrite() {
        locked(() -> failNextWrite = true);
    }

    /** What is stored, secrets included (what the file holds). */
    public ControlSettings stored() {
        lock.lock();
        try {
            return stored;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ControlSettingsDocument read() {
        lock.lock();
        try {
            if (corrupt) {
                throw corruptFile();
            }
            return ControlSettingsDocument.of(stored);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ControlSettingsDocument replace(ControlSettings settings, WritePrecondition precondition) {
        Objects.requireNonNull(settings, "settings");
        lock.lock();
        try {
            // As the real adapter does, a broken file does not block its repair by a write.
            ControlSettingsDocument current = ControlSettingsDocument.of(corrupt ? ControlSettings.DEFAULTS : stored);
            if (!precondition.allows(Optional.of(current.etag()))) {
                throw new PreconditionFailedException("Precondition failed",
                        "The control settings changed since they were read: read them again, then retry",
                        ErrorCode.ETAG_MISMATCH, null);
            }
            if (failNextWrite) {
                failNextWrite = false;
                throw new StorageException("Failed to write control settings", "No space left on device",
                        ErrorCode.STORAGE_ERROR, null);
            }
            stored = settings;
            corrupt = false;
            return ControlSettingsDocument.of(settings);
        } finally {
            lock.unlock();
        }
    }

    private static StorageException corruptFile() {
        return new StorageException("Invalid control settings file",
                "cliproxy/control.yaml: not valid YAML at line 1, column 1. Fix or delete the file.",
                ErrorCode.INVALID_SETTINGS_FILE, null);
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
