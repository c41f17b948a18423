package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.domain.port.RemoteProxyPort;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on another host as its checks see it: the state and version it answers with (ready, a given version, by
 * default), by the real adapter's rules: no management key means {@link RemoteState#NO_MANAGEMENT_KEY} and never a
 * management call; a refused key stays refused. {@link #hang} makes checks wait (a host that never answers) until
 * the check's timeout, reported then as {@link RemoteState#TIMED_OUT}, or until {@link #release}.
 */
public final class InMemoryRemoteProxy implements RemoteProxyPort {

    private final RemoteProxy target;
    private final AtomicInteger managementCalls = new AtomicInteger();
    private volatile RemoteState answers = RemoteState.READY;
    private volatile Optional<String> version = Optional.of("6.9.6");
    private volatile boolean keyRefused;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    public InMemoryRemoteProxy(RemoteProxy target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** What the proxy answers from now on: {@link RemoteState#KEY_REJECTED} refuses the key for good. */
    public InMemoryRemoteProxy answers(RemoteState state) {
        this.answers = Objects.requireNonNull(state, "state");
        return this;
    }

    public InMemoryRemoteProxy version(String newVersion) {
        this.version = Optional.of(newVersion);
        return this;
    }

    /** Checks wait until their timeout, or until {@link #release()}. */
    public InMemoryRemoteProxy hang() {
        this.hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        hold.countDown();
    }

    /** How many times its management API was asked. */
    public int managementCalls() {
        return managementCalls.get();
    }

    @Override
    public ProxyStatus.Remote check(Duration timeout) {
        try {
            if (!hold.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return status(RemoteState.TIMED_OUT, Optional.empty());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status(RemoteState.TIMED_OUT, Optional.empty());
        }
        RemoteState state = answers;
        if (!state.answered()) {
            return status(state, Optional.empty());
        }
        if (target.managementKey().isEmpty()) {
            return status(RemoteState.NO_MANAGEMENT_KEY, Optional.empty());
        }
        if (keyRefused) {
            return status(RemoteState.KEY_REJECTED, version);
        }
        managementCalls.incrementAndGet();
        keyRefused = state == RemoteState.KEY_REJECTED;
        return status(state, version);
    }

    private ProxyStatus.Remote status(RemoteState state, Optional<String> knownVersion) {
        return new ProxyStatus.Remote(target.baseUri(), state, knownVersion,
                state == RemoteState.READY ? Optional.empty() : Optional.of("in-memory remote: " + state.id()));
    }
}
