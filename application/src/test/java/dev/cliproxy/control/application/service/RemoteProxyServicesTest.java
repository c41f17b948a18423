package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryRemoteProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The use cases over a proxy on another host: its state as it answers, its life cycle managed on its host. */
class RemoteProxyServicesTest {

    private static final URI BASE = URI.create("https://proxy.example:8443");
    private static final RemoteProxy TARGET = new RemoteProxy(BASE, Optional.empty(), Optional.of("key"));

    @Test
    void theStatusIsWhatTheProxyAnswersWithinTheTimeout() {
        InMemoryRemoteProxy remote = new InMemoryRemoteProxy(TARGET).version("7.2.1");
        ProxyStatus status = new RemoteProxyStatusService(remote, Duration.ofSeconds(1)).status();
        assertEquals(new ProxyStatus.Remote(BASE, RemoteState.READY, Optional.of("7.2.1"), Optional.empty()), status);
        remote.hang();
        long start = System.nanoTime();
        ProxyStatus.Remote late = (ProxyStatus.Remote) new RemoteProxyStatusService(remote, Duration.ofMillis(50))
                .status();
        assertEquals(RemoteState.TIMED_OUT, late.state());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void startStopAndRestartAreRefusedAsManagedOnItsHost() {
        RemoteProxyLifecycleService lifecycle = new RemoteProxyLifecycleService(BASE);
        for (Executable operation : List.<Executable>of(lifecycle::start, lifecycle::stop, lifecycle::restart)) {
            ConflictException refused = assertThrows(ConflictException.class, operation);
            assertEquals(Optional.of(ErrorCode.PROXY_IS_REMOTE), refused.errorCode());
            assertTrue(refused.detail().orElseThrow().contains(BASE.toString()));
            assertTrue(refused.detail().orElseThrow().contains("on that host"));
        }
        assertTrue(assertThrows(ConflictException.class, lifecycle::start).detail().orElseThrow().contains("started"));
        assertTrue(assertThrows(ConflictException.class, lifecycle::stop).detail().orElseThrow().contains("stopped"));
        assertTrue(assertThrows(ConflictException.class, lifecycle::restart).detail().orElseThrow()
                .contains("restarted"));
    }

    @Test
    void theModelsOfARemoteProxyThatAnsweredAreAskedAtItsPort() {
        List<Integer> asked = new ArrayList<>();
        ProxyApiPort api = new ProxyApiPort() {
            @Override
            public ProbeResult probe(int port, Duration timeout) {
                throw new AssertionError("not asked");
            }

            @Override
            public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
                asked.add(port);
                return new ModelCatalog(List.of());
            }
        };
        InMemoryProxySettings settings = new InMemoryProxySettings().apiKeys(List.of());
        for (RemoteState state : List.of(RemoteState.READY, RemoteState.KEY_REJECTED, RemoteState.NO_MANAGEMENT_KEY)) {
            new ListModelsService(() -> remote(state, Optional.empty()), settings, api, Duration.ofSeconds(1)).models();
        }
        assertEquals(List.of(8443, 8443, 8443), asked);
        ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class, () ->
                new ListModelsService(() -> remote(RemoteState.UNREACHABLE, Optional.of("refused")), settings, api,
                        Duration.ofSeconds(1)).models());
        assertEquals("CLIProxy Plus not running", down.error());
        assertEquals(Optional.of("The proxy at " + BASE + " did not answer: refused"), down.detail());
        assertEquals("The proxy at " + BASE + " did not answer", assertThrows(ServiceUnavailableException.class, () ->
                new ListModelsService(() -> remote(RemoteState.TIMED_OUT, Optional.empty()), settings, api,
                        Duration.ofSeconds(1)).models()).detail().orElseThrow());
        assertEquals(3, asked.size(), "nothing is asked of a proxy that did not answer");
    }

    @Test
    void aConfigMustKeepThePortItsProxyListensOnWhichIsTheLocalPortUnlessTheStoreSaysOtherwise() {
        InMemoryConfigFile files = new InMemoryConfigFile(new CcsLayout(Path.of("/ccs")));
        ProxyConfigFilePort listeningElsewhere = new ProxyConfigFilePort() {
            @Override
            public Optional<ConfigDocument> read(int port) {
                return files.read(port);
            }

            @Override
            public ConfigUpdate replace(int port, String content, WritePrecondition precondition) {
                return files.replace(port, content, precondition);
            }

            @Override
            public OptionalInt declaredPort(String content) {
                return files.declaredPort(content);
            }

            @Override
            public int listenPort(int port) {
                return 8317;
            }
        };
        InMemoryProxySettings settings = new InMemoryProxySettings().port(443);
        UpdateProxyConfigService update = new UpdateProxyConfigService(settings, listeningElsewhere, 10_000);
        update.update(command("port: 8317\n"));
        assertEquals(Optional.of("port: 8317\n"), listeningElsewhere.read(443).map(d -> new String(d.content())));
        InvalidInputException moved = assertThrows(InvalidInputException.class, () -> update.update(command("port: 443\n")));
        assertEquals(Optional.of(ErrorCode.PORT_MISMATCH), moved.errorCode());
        assertTrue(moved.detail().orElseThrow().contains("must stay 8317"), moved.detail().orElseThrow());
        InvalidInputException local = assertThrows(InvalidInputException.class, () ->
                new UpdateProxyConfigService(settings, new InMemoryConfigFile(new CcsLayout(Path.of("/ccs"))), 10_000)
                        .update(command("port: 8317\n")));
        assertTrue(local.detail().orElseThrow().contains("must be 443"), local.detail().orElseThrow());
        assertEquals(OptionalInt.empty(), new InMemoryConfigFile(new CcsLayout(Path.of("/ccs"))).declaredPort("a: 1"));
    }

    @Test
    void aWatchSeesARemoteProxyStartWhenItAnswersAndStopWhenItNoLongerDoes() {
        ProxyStatus ready = remote(RemoteState.READY, Optional.empty());
        ProxyStatus refused = remote(RemoteState.KEY_REJECTED, Optional.empty());
        ProxyStatus down = remote(RemoteState.UNREACHABLE, Optional.empty());
        ProxyStatus late = remote(RemoteState.TIMED_OUT, Optional.empty());
        ProxyStatus other = new ProxyStatus.Remote(URI.create("http://other:8317"), RemoteState.READY, Optional.empty(),
                Optional.empty());
        ProxyStatus local = new ProxyStatus.Running(8317, OptionalLong.of(1), 0, Optional.empty());
        ProxyStatus none = new ProxyStatus.NotRunning();
        assertEquals(Optional.of(Kind.STARTED), change(down, ready));
        assertEquals(Optional.of(Kind.STARTED), change(none, ready));
        assertEquals(Optional.of(Kind.STARTED), change(local, ready), "remote mode switched on");
        assertEquals(Optional.of(Kind.STARTED), change(ready, other), "another remote proxy");
        assertEquals(Optional.of(Kind.STARTED), change(ready, local), "remote mode switched off");
        assertEquals(Optional.empty(), change(ready, refused), "the same proxy, still answering");
        assertEquals(Optional.of(Kind.STOPPED), change(ready, down));
        assertEquals(Optional.of(Kind.STOPPED), change(local, late));
        assertEquals(Optional.of(Kind.STOPPED), change(ready, none));
        assertEquals(Optional.empty(), change(down, late));
        assertEquals(Optional.empty(), change(down, none));
        assertEquals(Optional.empty(), change(none, down));
    }

    private static Optional<Kind> change(ProxyStatus before, ProxyStatus now) {
        return WatchProxyStatusService.change(before, now, Optional.empty());
    }

    private static ProxyStatus.Remote remote(RemoteState state, Optional<String> message) {
        return new ProxyStatus.Remote(BASE, state, Optional.empty(), message);
    }

    private static UpdateProxyConfigUseCase.Command command(String content) {
        return new UpdateProxyConfigUseCase.Command(content, new WritePrecondition.Unconditional());
    }
}
