package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
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
    private static class MisbehavingWorld extends FakeWorld {
        String output = "loaded api-keys [" + API_KEY + "] secret " + SECRET + "\nbind: address already in use";
        boolean otherProgramAfterLaunch;
        boolean launched;
        FakeProcess child;

        @Override
        public Launch launch(Path binary, Backend backend, int port) {
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
                    return output;
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

    @Test
    void theBackendOfTheSettingsAtTheTimeOfEachStartPicksTheBinaryTheLabelAndTheConfigsKeys() {
        FakeWorld world = new FakeWorld();
        StartProxyService service = new StartProxyService(new CcsLayout(Path.of("/ccs")),
                new ProxyPorts(world, world, world, world, world, world), timings(), Optional.empty(),
                Clock.systemUTC());
        assertInstanceOf(StartOutcome.Started.class, service.start());
        world.crashProxy(false);
        world.backend = Backend.PLUS;
        world.clientKeys = new ClientKeys("sk-user-choice", "mgmt-user-choice");
        assertInstanceOf(StartOutcome.Started.class, service.start());

        assertEquals(List.of("/ccs/cliproxy/bin/original/cli-proxy-api as CLIProxy",
                "/ccs/cliproxy/bin/plus/cli-proxy-api-plus as CLIProxy Plus"), world.launches);
        assertEquals(List.of(
                "8317 ccs-internal-managed/ccs https://github.com/router-for-me/Cli-Proxy-API-Management-Center",
                "8317 sk-user-choice/mgmt-user-choice https://github.com/kaitranntt/Cli-Proxy-API-Management-Center"),
                world.configsWritten);
    }

    @Test
    void anExplicitBinaryWinsOverTheBackendsAndTheFailureNamesTheBackend() {
        MisbehavingWorld world = new MisbehavingWorld();
        world.backend = Backend.PLUS;

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service(world).start());

        assertTrue(failed.reason().startsWith("CLIProxy Plus exited with code 1"), failed.reason());
        assertEquals("/bin/cli-proxy-api", world.child.command);
    }

    @Test
    void theSettingsClientKeysAreMaskedButNotTheCcsToolsPublishedDefaults() {
        MisbehavingWorld world = new MisbehavingWorld() {
            @Override
            public Launch launch(Path binary, Backend backend, int port) {
                Launch launch = super.launch(binary, backend, port);
                output = "dir /home/u/.ccs/cliproxy key ccs-internal-managed " + clientKeys.apiKey() + " "
                        + clientKeys.managementSecret();
                return launch;
            }
        };
        world.clientKeys = new ClientKeys("sk-settings-key-1", "settings-secret-2");

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service(world).start());

        assertTrue(failed.reason().contains("dir /home/u/.ccs/cliproxy key ccs-internal-managed *** ***"),
                failed.reason());
    }

    private static ProxyTimings timings() {
        return new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofMillis(10));
    }

    private static StartProxyService service(FakeWorld world) {
        ProxyPorts ports = new ProxyPorts(world, world, world, world, world, world);
        return new StartProxyService(new CcsLayout(Path.of("/nonexistent")), ports, timings(),
                Optional.of(Path.of("/bin/cli-proxy-api")), Clock.systemUTC());
    }
}
