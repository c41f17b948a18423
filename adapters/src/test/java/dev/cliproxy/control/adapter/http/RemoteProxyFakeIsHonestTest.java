package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.domain.port.RemoteProxyPort;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.InMemoryRemoteProxy;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The testkit's remote proxy answers its checks as the real adapter does with a real proxy behind it. */
class RemoteProxyFakeIsHonestTest {

    /** Generous: a first call builds the client (its TLS setup) on a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void readyWithoutKeyRefusedForGoodUnreachableAndTimedOutAlike() throws Exception {
        for (RemoteState answers : List.of(RemoteState.READY, RemoteState.KEY_REJECTED)) {
            for (Optional<String> key : List.of(Optional.of("key"), Optional.<String>empty())) {
                try (LoopbackStub stub = LoopbackStub.replying(request -> request.path().equals("/healthz")
                        ? Reply.json(200, "{\"status\":\"ok\"}")
                        : Reply.json(answers == RemoteState.READY ? 200 : 401, "{}"))) {
                    RemoteProxy target = target(stub.port(), key);
                    assertAlike(real(target), new InMemoryRemoteProxy(target).answers(answers), TIMEOUT,
                            answers + " " + key);
                }
            }
        }
        int closed = StandInConfig.freePort();
        RemoteProxy nobody = target(closed, Optional.of("key"));
        assertAlike(real(nobody), new InMemoryRemoteProxy(nobody).answers(RemoteState.UNREACHABLE), TIMEOUT,
                "unreachable");
        try (LoopbackStub stub = LoopbackStub.replying(request -> Reply.heldBack())) {
            RemoteProxy silent = target(stub.port(), Optional.of("key"));
            assertAlike(real(silent), new InMemoryRemoteProxy(silent).hang(), SHORT, "never answering");
        }
    }

    private static void assertAlike(RemoteProxyPort real, RemoteProxyPort fake, Duration timeout, String what) {
        for (int i = 0; i < 2; i++) {
            ProxyStatus.Remote expected = real.check(timeout);
            ProxyStatus.Remote actual = fake.check(timeout);
            assertEquals(expected.state(), actual.state(), what + ", check " + i);
            assertEquals(expected.running(), actual.running(), what);
            assertEquals(expected.baseUri(), actual.baseUri(), what);
        }
    }

    private static RemoteProxyPort real(RemoteProxy target) {
        TestClock clock = new TestClock();
        return new RemoteProxyCheckAdapter(new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), clock)
                .client(target, Optional.empty()), clock);
    }

    private static RemoteProxy target(int port, Optional<String> key) {
        return new RemoteProxy(URI.create("http://127.0.0.1:" + port), Optional.empty(), key);
    }
}
