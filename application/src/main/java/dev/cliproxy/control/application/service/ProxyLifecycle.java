package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kernel that status, start, stop, restart and sessions share, so that none reaches into another: the startup
 * lock (shared with the CLI and this JVM's threads), the identity check of a recorded process, the upkeep of the
 * session record (a stale record removed, dead owners' sessions pruned) and the messages they answer with. An install
 * tries a new binary with its ports and timings too.
 */
public final class ProxyLifecycle {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CcsLayout layout;
    private final ProxyPorts ports;
    private final ProxyTimings timings;
    private final LifecycleLock lock;
    private final RecordedProcessVerifier verifier;
    private final LiveSessions live;

    public ProxyLifecycle(CcsLayout layout, ProxyPorts ports, ProxyTimings timings) {
        this.layout = layout;
        this.ports = ports;
        this.timings = timings;
        this.lock = new LifecycleLock(ports.startupLock(), timings.lockWait());
        this.verifier = new RecordedProcessVerifier(layout, ports.processes(), ports.proxyApi(),
                timings.probeTimeout());
        this.live = new LiveSessions(ports.processes());
    }

    CcsLayout layout() {
        return layout;
    }

    ProxyPorts ports() {
        return ports;
    }

    ProxyTimings timings() {
        return timings;
    }

    /** The port the proxy uses now ({@code cliproxy_server.local.port} of the settings, read afresh). */
    int port() {
        return ports.settings().lifecyclePort();
    }

    /** The body's result under the startup lock, or empty when another holder kept it for the whole wait. */
    <T> Optional<T> whileHeld(Supplier<T> body) {
        return lock.whileHeld(body);
    }

    /** The session record of {@code port}, as stored. */
    Optional<SessionRecord> record(int port) {
        return ports.sessions().read(port);
    }

    /** The live process the record names, if it is verifiably the recorded proxy. */
    Optional<ProcessInfo> verify(SessionRecord record) {
        return verifier.verify(record);
    }

    /** Drops a stale record, unless another writer replaced it meanwhile. */
    void removeIfUnchanged(int port, SessionRecord stale) {
        ports.sessions().update(port, current -> current.filter(r -> r.pid() != stale.pid()));
    }

    /** Whether a proxy (recorded or not) answers on {@code port}, within the probe timeout. */
    ProbeResult probe(int port) {
        return ports.proxyApi().probe(port, timings.probeTimeout());
    }

    /** How many of the record's sessions count: those without an owner and those whose owner lives. */
    int liveSessionCount(SessionRecord record) {
        return live.count(record);
    }

    /** The record without the sessions whose owner has died. */
    SessionRecord pruned(SessionRecord record) {
        return live.pruned(record);
    }

    /** What a start, stop or session answers while another holder keeps the startup lock. */
    static String busy(int port) {
        return "Another process is starting or stopping CLIProxy on port " + port
                + " (cliproxy/.startup.lock is held). Try again in a few seconds.";
    }

    /** What a start answers when another program answers on the port. */
    static String portHeld(int port) {
        return "Port " + port + " is in use by another program, not CLIProxy. Stop that program or configure"
                + " another port (cliproxy_server.local.port in the CCS config.yaml).";
    }

    /** A new session id, as the CLI makes them. */
    static String newSessionId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
