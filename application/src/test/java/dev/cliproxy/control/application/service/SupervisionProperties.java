package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.SupervisionSettings;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The supervisor's rules for any settings, on the in-memory host and a test clock. */
class SupervisionProperties {

    /** The wait before each try doubles from the initial backoff up to the maximum, and never exceeds it. */
    @Property(tries = 60)
    void theBackoffDoublesFromTheInitialToTheMaxAndNeverExceedsIt(
            @ForAll @IntRange(min = 1, max = 5000) int initialMillis,
            @ForAll @IntRange(min = 0, max = 40_000) int extraMillis,
            @ForAll @IntRange(min = 1, max = 8) int crashes) {
        Duration initial = Duration.ofMillis(initialMillis);
        Duration max = initial.plusMillis(extraMillis);
        Fixture fixture = new Fixture(new SupervisionSettings(true, 1000, Duration.ofDays(1), initial, max));

        Duration expected = initial;
        for (int crash = 1; crash <= crashes; crash++) {
            Duration delay = fixture.crashAndRestart();
            assertEquals(expected, delay, "crash " + crash);
            assertTrue(delay.compareTo(max) <= 0);
            expected = expected.multipliedBy(2).compareTo(max) < 0 ? expected.multipliedBy(2) : max;
        }
        assertEquals(crashes, fixture.supervisor.supervision().restarts());
    }

    /**
     * More than {@code maxCrashes} crashes within the window is a crash loop, at exactly the crash that goes over;
     * crashes further apart than the window never are.
     */
    @Property(tries = 60)
    void aCrashLoopIsMoreThanMaxCrashesWithinTheWindow(@ForAll @IntRange(min = 1, max = 6) int maxCrashes,
                                                       @ForAll @IntRange(min = 1, max = 10) int crashes,
                                                       @ForAll boolean apartByTheWindow) {
        Duration window = Duration.ofMinutes(5);
        Fixture fixture = new Fixture(new SupervisionSettings(true, maxCrashes, window, Duration.ofSeconds(1),
                Duration.ofSeconds(1)));

        for (int crash = 1; crash <= crashes; crash++) {
            if (apartByTheWindow) {
                fixture.clock.advance(window);
            }
            fixture.host.crashProxy(false);
            fixture.supervisor.check();
            ProxyStatusChange last = fixture.events.get(fixture.events.size() - 1);
            boolean loop = !apartByTheWindow && crash > maxCrashes;
            assertEquals(loop ? Kind.CRASH_LOOP : Kind.RESTARTING, last.kind(), "crash " + crash);
            if (loop) {
                assertEquals(crash, last.supervision().orElseThrow().attempt());
                assertTrue(fixture.supervisor.supervision().crashLoop().isPresent());
                return;
            }
            fixture.clock.advance(Duration.ofSeconds(1));
            fixture.supervisor.check();
            assertEquals(Kind.RESTARTED, fixture.events.get(fixture.events.size() - 1).kind());
        }
        assertEquals(crashes, fixture.supervisor.supervision().restarts());
    }

    /** A supervised proxy on an in-memory host, seen running by its supervisor. */
    private static final class Fixture {
        final TestClock clock = new TestClock();
        final InMemoryProxyHost host = new InMemoryProxyHost(clock);
        final List<ProxyStatusChange> events = new ArrayList<>();
        final SuperviseProxyService supervisor;

        Fixture(SupervisionSettings supervision) {
            CcsLayout layout = new CcsLayout(Path.of("/nonexistent"));
            ProxyTimings timings = new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                    Duration.ofMillis(1), Duration.ofMillis(10));
            ProxyPorts ports = new ProxyPorts(new InMemoryProxySettings(), new InMemorySessionStore(), host, host,
                    host, host);
            StartProxyService start = new StartProxyService(new ProxyLifecycle(layout, ports, timings),
                    Optional.of(Path.of("/bin/cli-proxy-api")), clock);
            supervisor = new SuperviseProxyService(layout, ports, timings, start,
                    new InMemoryControlSettings(ControlSettings.DEFAULTS.withSupervision(supervision)), false, clock,
                    events::add, Duration.ofMillis(10), Duration.ZERO);
            assertInstanceOf(StartOutcome.Started.class, start.start());
            supervisor.check();
        }

        /** The proxy crashes and is started again after the announced delay; returns that delay. */
        Duration crashAndRestart() {
            host.crashProxy(false);
            supervisor.check();
            ProxyStatusChange restarting = events.get(events.size() - 1);
            assertEquals(Kind.RESTARTING, restarting.kind());
            Duration delay = restarting.supervision().orElseThrow().delay().orElseThrow();
            clock.advance(delay);
            supervisor.check();
            assertEquals(Kind.RESTARTED, events.get(events.size() - 1).kind());
            return delay;
        }
    }
}
