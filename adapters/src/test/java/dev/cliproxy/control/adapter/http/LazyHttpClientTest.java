package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client is built on first use, once, and a build that failed is tried again by whoever asks next: a caller
 * never waits on a build that ended.
 */
class LazyHttpClientTest {

    /** Generous on a loaded machine; the second caller returns at once unless it waits on a lock nobody releases. */
    private static final long WAIT_SECONDS = 30;

    @Test
    void nothingIsBuiltBeforeTheFirstUseAndEveryCallerGetsTheOneClient() {
        AtomicInteger builds = new AtomicInteger();
        try (HttpClient built = HttpClient.newHttpClient()) {
            LazyHttpClient lazy = new LazyHttpClient(() -> {
                builds.incrementAndGet();
                return built;
            });
            assertEquals(0, builds.get(), "not built until asked");

            assertSame(built, lazy.get());
            assertSame(built, lazy.get());
            assertEquals(1, builds.get());
        }
    }

    @Test
    void aClientHandedInIsTheOneUsed() {
        try (HttpClient handedIn = HttpClient.newHttpClient()) {
            assertSame(handedIn, LazyHttpClient.of(handedIn).get());
        }
    }

    @Test
    void aBuildThatFailedIsTriedAgainByTheNextCallerOnAnotherThread() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        try (HttpClient built = HttpClient.newHttpClient()) {
            LazyHttpClient lazy = new LazyHttpClient(() -> {
                if (builds.incrementAndGet() == 1) {
                    throw new IllegalStateException("no trust store yet");
                }
                return built;
            });
            assertThrows(IllegalStateException.class, lazy::get);

            HttpClient next = CompletableFuture.supplyAsync(lazy::get, runnable -> Thread.ofVirtual().start(runnable))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertSame(built, next);
            assertEquals(2, builds.get());
        }
    }

    @Test
    void theLocalProxysClientGoesDirectFollowsNoRedirectAndConnectsWithinItsTimeout() {
        try (HttpClient client = LazyHttpClient.toLocalProxy(Duration.ofMillis(1500)).get()) {
            assertEquals(Optional.of(HttpClient.Builder.NO_PROXY), client.proxy());
            assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
            assertEquals(Optional.of(Duration.ofMillis(1500)), client.connectTimeout());
        }
    }
}
