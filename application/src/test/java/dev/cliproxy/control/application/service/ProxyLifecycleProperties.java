package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxySession;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Start, stop, crash, open-session and close-session in any order, against the testkit's in-memory host: the
 * use cases must agree with a simple model (is it running, was it started without a session, which sessions are
 * open) and never signal a process that is not the recorded proxy.
 */
class ProxyLifecycleProperties {

    @Property(tries = 300)
    void theLifeCycleFollowsTheModel(@ForAll("chains") ActionChain<Harness> chain) {
        chain.withInvariant("status agrees with the model", Harness::checkStatus)
                .withInvariant("at most one proxy process", h -> assertTrue(h.host.liveProxyPids().size() <= 1))
                .withInvariant("no unrelated process signalled", h -> assertTrue(h.host.signalledOnlyProxies()))
                .run();
    }

    @Provide
    Arbitrary<ActionChain<Harness>> chains() {
        return ActionChain.startWith(Harness::new)
                .withAction(3, Action.just("start", Transformer.mutate("start", Harness::start)))
                .withAction(2, Action.just("stop", Transformer.mutate("stop", Harness::stop)))
                .withAction(1, new Crash())
                .withAction(3, Action.just("open", Transformer.mutate("open session", Harness::open)))
                .withAction(3, new Close())
                .withMaxTransformations(40);
    }

    /** The proxy dies (SIGKILL); its PID may go to an unrelated program. */
    static final class Crash implements Action.Independent<Harness> {
        @Override
        public Arbitrary<Transformer<Harness>> transformer() {
            return Arbitraries.of(true, false).map(reuse ->
                    Transformer.mutate("crash" + (reuse ? ", PID reused" : ""), h -> h.crash(reuse)));
        }
    }

    /** Closes one of the handles handed out so far, live or long gone. */
    static final class Close implements Action.Dependent<Harness> {
        @Override
        public boolean precondition(Harness state) {
            return !state.handles.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Harness>> transformer(Harness state) {
            return Arbitraries.integers().between(0, state.handles.size() - 1)
                    .map(i -> Transformer.mutate("close session #" + i, h -> h.close(i)));
        }
    }

    /** The use cases wired to the in-memory host, plus the model they must agree with. */
    static final class Harness {
        final InMemoryProxyHost host = new InMemoryProxyHost(new TestClock());
        private final InMemorySessionStore store = new InMemorySessionStore();
        private final InMemoryProxySettings settings = new InMemoryProxySettings();
        private final GetProxyStatusService status;
        private final StartProxyService starter;
        private final StopProxyService stopper;
        private final ProxySessionService sessions;
        final List<ProxySession> handles = new ArrayList<>();

        // The model.
        private boolean running;
        private boolean held;
        private final Set<String> open = new HashSet<>();

        Harness() {
            CcsLayout layout = new CcsLayout(Path.of("/nonexistent/ccs"));
            ProxyPorts ports = new ProxyPorts(settings, store, host, host, host, host);
            ProxyTimings timings = new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(1),
                    Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(10));
            ProxyLifecycle lifecycle = new ProxyLifecycle(layout, ports, timings);
            status = new GetProxyStatusService(lifecycle);
            starter = new StartProxyService(lifecycle, Optional.of(Path.of("/bin/cli-proxy-api")), Clock.systemUTC());
            stopper = new StopProxyService(lifecycle);
            sessions = new ProxySessionService(lifecycle, starter, stopper);
        }

        void start() {
            StartOutcome outcome = starter.start();
            if (running) {
                assertInstanceOf(StartOutcome.AlreadyRunning.class, outcome);
            } else {
                assertInstanceOf(StartOutcome.Started.class, outcome);
                running = true;
                held = true;
            }
        }

        void stop() {
            StopOutcome outcome = stopper.stop();
            if (running) {
                StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, outcome);
                assertEquals(expectedCount(), stopped.sessionCount());
                forget();
            } else {
                assertInstanceOf(StopOutcome.NotStopped.class, outcome);
            }
        }

        void crash(boolean reusePid) {
            host.crashProxy(reusePid);
            forget();
        }

        void open() {
            ProxySession session = sessions.open();
            assertTrue(session.registered());
            if (!running) {
                running = true;
                held = false;
            }
            open.add(session.id());
            handles.add(session);
        }

        void close(int index) {
            ProxySession session = handles.get(index);
            sessions.close(session);
            if (open.remove(session.id()) && open.isEmpty() && !held) {
                running = false;
            }
        }

        void checkStatus() {
            ProxyStatus now = status.status();
            assertEquals(running, now.running(), "running");
            if (running) {
                assertEquals(expectedCount(), ((ProxyStatus.Running) now).sessionCount(), "session count");
            }
        }

        private int expectedCount() {
            return open.size() + (held ? 1 : 0);
        }

        private void forget() {
            running = false;
            held = false;
            open.clear();
        }

        @Override
        public String toString() {
            return "model(running=" + running + ", held=" + held + ", open=" + open.size() + ")";
        }
    }
}
