package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.StartOutcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Start's failure reports, with a fake world whose proxy misbehaves. */
class StartProxyServiceTest {

    private static final String API_KEY = "sk-very-secret-client-key";
    private static final String SECRET = "management-secret-value";

    /** A proxy that exits with code 1 after printing its secrets, or a port another program answers on. */
    private static final class MisbehavingWorld extends FakeWorld {
        boolean otherProgramAfterLaunch;
        boolean launched;
        FakeProcess child;

        @Override
        public Launch launch(Path binary, int port) {
            launched = true;
            FakeProcess proxy = spawn(binary.toString(), false);
            child = proxy;
            return new Launch.Launched(new LaunchedProxy() {
                @Override
                public ProcessInfo process() {
                    return proxy.info();
                }

                @Override
                public OptionalInt awaitExit(Duration timeout) {
                    return otherProgramAfterLaunch ? OptionalInt.empty() : OptionalInt.of(1);
                }

                @Override
                public String outputTail(int maxLines) {
                    return "loaded api-keys [" + API_KEY + "] secret " + SECRET + "\nbind: address already in use";
                }
            });
        }

        @Override
        public ProbeResult probe(int port, Duration timeout) {
            return launched && otherProgramAfterLaunch ? ProbeResult.OTHER_PROGRAM : ProbeResult.NO_ANSWER;
        }

        @Override
        public List<String> apiKeys(int port) {
            return List.of(API_KEY);
        }

        @Override
        public Optional<String> managementSecret(int port) {
            return Optional.of(SECRET);
        }
    }

    @Test
    void aProxyThatExitsIsReportedWithItsCodeAndOutputWithoutSecrets() {
        MisbehavingWorld world = new MisbehavingWorld();

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service(world).start());

        assertTrue(failed.reason().contains("exited with code 1"), failed.reason());
        assertTrue(failed.reason().contains("bind: address already in use"), failed.reason());
        assertFalse(failed.reason().contains(API_KEY), failed.reason());
        assertFalse(failed.reason().contains(SECRET), failed.reason());
        assertTrue(world.read(FakeWorld.PORT).isEmpty(), "nothing recorded");
    }

    @Test
    void anotherProgramAnsweringAfterTheLaunchFailsTheStartAtOnceAndStopsTheChild() {
        MisbehavingWorld world = new MisbehavingWorld();
        world.otherProgramAfterLaunch = true;

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service(world).start());

        assertTrue(failed.reason().startsWith("Port " + FakeWorld.PORT + " is in use by another program"));
        assertTrue(world.find(world.child.pid).isEmpty(), "the launched child was stopped");
    }

    private static StartProxyService service(FakeWorld world) {
        ProxyPorts ports = new ProxyPorts(world, world, world, world, world, world);
        ProxyTimings timings = new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofMillis(10));
        return new StartProxyService(new CcsLayout(Path.of("/nonexistent")), ports, timings,
                Path.of("/bin/cli-proxy-api"), Clock.systemUTC());
    }
}
