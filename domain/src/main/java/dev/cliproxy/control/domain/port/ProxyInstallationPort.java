package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The installed versions of a backend's binary: {@code bin/<backend>/versions/<version>/} beside the binary the
 * proxy runs, which is only ever replaced by an atomic move (so it is a whole, runnable file at every instant).
 * Failures are {@link StorageException}s.
 */
public interface ProxyInstallationPort {

    /**
     * Reserves the installation for one install or rollback against every other one, in this process and in any
     * other on the same CCS directory, until the reservation is closed or its process ends (killed included): a
     * lock that could outlive a dead holder would block every later install. Empty when another one holds it.
     */
    Optional<Reservation> reserve();

    /** A held reservation; closing it releases it. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /** A new empty private directory under {@code versions/} to download and unpack into; leftovers are removed. */
    Path newStagingDirectory(Backend backend);

    /**
     * Makes {@code binary} (inside {@code staging}) executable and moves {@code staging} to
     * {@code versions/<version>/} (replacing an earlier copy of that version); returns the binary's new path.
     */
    Path stage(Backend backend, String version, Path staging, Path binary);

    /**
     * Makes {@code versions/<version>/}'s binary the backend's binary and {@code .version} say {@code version}, after
     * keeping the binary it replaces in {@code versions/} (so it can be put back) and recording its version as the
     * previous one. Returns the version replaced (empty when {@code .version} did not name one).
     */
    Optional<String> promote(Backend backend, String version);

    /** The version the last promote replaced, when its copy is still in {@code versions/}. */
    Optional<String> previousVersion(Backend backend);

    /**
     * Removes all but the {@code keep} most recently staged versions, never the current nor the previous one, and
     * every staging directory (call it when no install runs).
     */
    void prune(Backend backend, int keep);
}
