package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CCS directory in a temp folder, the stand-in proxy's launcher as the proxy binary, and a free port; remembers
 * every process the test may have caused so that {@link #cleanUp()} can kill what is left.
 */
final class StandInFixture {

    static final Duration WAIT = Duration.ofSeconds(30);

    final CcsLayout layout;
    final Path binary;
    final int port;
    private final List<Long> pids = new ArrayList<>();
    private final List<CliProxyControl> controls = new ArrayList<>();

    StandInFixture(Path temp) throws IOException {
        this.layout = new CcsLayout(temp.resolve("ccs"));
        this.binary = StandInLauncher.install(temp.resolve("bin"));
        this.port = StandInConfig.freePort();
    }

    /** Writes the port's stand-in config with these extra lines. */
    StandInFixture config(String... extraLines) throws IOException {
        StandInConfig.write(layout, port, extraLines);
        return this;
    }

    /** A generous startup timeout: the stand-in is a JVM, slow to start on a loaded machine. */
    CliProxyControlBuilder builder() {
        return CliProxyControl.builder().ccsDirectory(layout.ccsDirectory()).proxyBinary(binary)
                .startupTimeout(WAIT);
    }

    CliProxyControl control() {
        return track(builder().build());
    }

    CliProxyControl track(CliProxyControl control) {
        controls.add(control);
        return control;
    }

    long remember(long pid) {
        pids.add(pid);
        return pid;
    }

    /** The PID recorded in the port's sessions.json, remembered for clean-up. */
    Optional<Long> recordedPid() throws IOException {
        Path file = layout.sessionsFile(port);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String json = Files.readString(file);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Optional.of(remember(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    /**
     * The stand-in proxies running on this CCS directory, found by their command line ({@code StandInProxy --config
     * <ccs>/cliproxy/config-P.yaml}), recorded or not (a control server killed mid-start leaves one unrecorded).
     */
    List<ProcessHandle> proxyProcesses() {
        String ccs = layout.ccsDirectory().toString();
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .filter(line -> line.contains("StandInProxy --config " + ccs)).isPresent()).toList();
    }

    void cleanUp() throws IOException {
        recordedPid();
        controls.forEach(CliProxyControl::close);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                handle.destroyForcibly();
                awaitExit(handle);
            });
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void awaitExit(ProcessHandle handle) {
        Await.until(() -> !handle.isAlive(), "process " + handle.pid() + " to exit");
    }
}
