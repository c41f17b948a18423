package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.InstallOperation;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventRoutesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The proxy-status watch's side of one stream: its listener, and how many of the stream's subscriptions ended. */
    private final AtomicReference<WatchProxyStatusUseCase.Listener> statusListener = new AtomicReference<>();
    private final AtomicInteger closedSubscriptions = new AtomicInteger();

    private WatchProxyStatusUseCase.Subscription subscription() {
        return closedSubscriptions::incrementAndGet;
    }

    @Test
    void aStreamWhoseBacklogFillsEndsSoThatItsClientReconnectsToTheCurrentState() throws Exception {
        EventRoutes routes = new EventRoutes(
                listener -> {
                    statusListener.set(listener);
                    listener.changed(new ProxyStatusChange(ProxyStatusChange.Kind.CURRENT, new ProxyStatus.NotRunning()));
                    return subscription();
                },
                new NoInstalls(this::subscription),
                listener -> subscription(),
                listener -> subscription());
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/events", routes::events)).build().start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            CompletableFuture<List<String>> wholeStream = CompletableFuture.supplyAsync(() -> response.body().toList());
            // Published far faster than any client reads: the backlog fills, and the publisher is told so.
            ProxyStatusChange started = new ProxyStatusChange(ProxyStatusChange.Kind.STARTED,
                    new ProxyStatus.Running(8317, OptionalLong.of(42), 1, Optional.empty()));
            assertThrows(IllegalStateException.class, () -> {
                for (int i = 0; i < 1_000_000; i++) {
                    statusListener.get().changed(started);
                }
            });
            // The stream ends (it would otherwise go on with keep-alives only, never showing another change).
            List<String> lines = wholeStream.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals("event:status", lines.getFirst().replace(" ", ""), "the current status comes first");
            long until = System.nanoTime() + DEADLINE.toNanos();
            while (closedSubscriptions.get() < 4 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(4, closedSubscriptions.get(), "every subscription of the stream ends with it");
        } finally {
            routes.close();
            server.stop();
        }
    }

    /** An install watch with no install. */
    private record NoInstalls(Supplier<WatchProxyStatusUseCase.Subscription> subscription)
            implements WatchInstallUseCase {
        @Override
        public Optional<InstallOperation> current() {
            return Optional.empty();
        }

        @Override
        public WatchProxyStatusUseCase.Subscription watch(Listener listener) {
            return subscription.get();
        }
    }
}
