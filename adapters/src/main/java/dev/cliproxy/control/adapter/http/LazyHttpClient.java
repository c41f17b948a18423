package dev.cliproxy.control.adapter.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A JDK HTTP client built on first use. Building one sets up TLS (the default SSL context, its trust store) even
 * for plain-HTTP calls to the local proxy: a few hundred milliseconds that a server start need not wait for.
 */
final class LazyHttpClient {

    private final Supplier<HttpClient> factory;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile HttpClient client;

    LazyHttpClient(Supplier<HttpClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * A client of the local proxy: never through an environment proxy, never following a redirect (an answer of the
     * proxy is taken as it is), connecting within {@code connectTimeout}.
     */
    static LazyHttpClient toLocalProxy(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        return new LazyHttpClient(() -> HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** One already built (tests hand in their own). */
    static LazyHttpClient of(HttpClient client) {
        Objects.requireNonNull(client, "client");
        return new LazyHttpClient(() -> client);
    }

    HttpClient get() {
        HttpClient built = client;
        if (built == null) {
            lock.lock();
            try {
                built = client;
                if (built == null) {
                    built = factory.get();
                    client = built;
                }
            } finally {
                lock.unlock();
            }
        }
        return built;
    }
}
