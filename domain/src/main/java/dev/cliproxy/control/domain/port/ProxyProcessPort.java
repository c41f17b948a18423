package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ProcessInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The operating system's processes, as far as controlling the proxy needs them. */
public interface ProxyProcessPort {

    /** The live process with this PID, with whatever the OS tells of its start instant and command. */
    Optional<ProcessInfo> find(long pid);

    /** This program's own process (the owner of the sessions it opens). */
    ProcessInfo self();

    /**
     * Runs {@code <binary> --config <the port's config file>} in the CCS {@code cliproxy} directory, detached from
     * this program's lifetime, its output appended to a capped log file. {@code backend} is the build the binary
     * is, named in the reasons of a launch that fails.
     */
    Launch launch(Path binary, Backend backend, int port);

    /**
     * Stops {@code process} if it is still that very process (same PID and start instant): SIGTERM, then a kill
     * once {@code grace} has passed. Returns as soon as it has exited.
     */
    Termination terminate(ProcessInfo process, Duration grace);

    /**
     * The last lines (at most {@code maxLines}) of the output log of the proxies launched for {@code port},
     * whichever process launched them; empty when there is none.
     */
    String outputTail(int port, int maxLines);

    /** The result of {@link #launch}. */
    sealed interface Launch {
        /** The process runs (it may still fail to become healthy). */
        record Launched(LaunchedProxy proxy) implements Launch {
        }

        /** Nothing ran; {@code reason} names the path looked at and what to do. */
        record NotLaunched(String reason) implements Launch {
        }
    }

    /** A proxy process this program launched. */
    interface LaunchedProxy {

        ProcessInfo process();

        /** Waits up to {@code timeout} for the process to exit; its exit code if it did. */
        OptionalInt awaitExit(Duration timeout);

        /** The last lines (at most {@code maxLines}) the process wrote to its output. */
        String outputTail(int maxLines);
    }

    /** How a {@link #terminate} ended. */
    enum Termination {
        /** It exited after SIGTERM. */
        EXITED,
        /** It ignored SIGTERM for the grace period and was killed. */
        KILLED,
        /** It was already gone, or the PID now belongs to another process (which was not signalled). */
        NOT_RUNNING
    }
}
