package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ProxyEventResponse;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: server-sent events, one per change of the proxy's status, each named by its type and
 * carrying the {@code proxy-status} body plus {@code type}. Each stream holds its request's (virtual) thread; a
 * comment every {@link #HEARTBEAT} finds clients that went away. {@link #close()} ends every stream, so that the
 * server's stop does not wait for them.
 */
public final class EventRoutes implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Put in a stream's queue to end it. */
    private static final Optional<ProxyStatusChange> END = Optional.empty();
    /** A client that reads nothing for this many events is dropped rather than buffered without end. */
    private static final int MAX_BACKLOG = 256;

    private final WatchProxyStatusUseCase watch;
    private final Set<BlockingQueue<Optional<ProxyStatusChange>>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventRoutes(WatchProxyStatusUseCase watch) {
        this.watch = watch;
    }


    void events(ServerRequest req, ServerResponse res) throws InterruptedException {
        BlockingQueue<Optional<ProxyStatusChange>> queue = new LinkedBlockingQueue<>(MAX_BACKLOG);
        streams.add(queue);
        WatchProxyStatusUseCase.Subscription subscription = watch.watch(change -> {
            if (!queue.offer(Optional.of(change))) {
                throw new IllegalStateException("event stream backlog full");
            }
        });
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            while (!closed) {
                Optional<ProxyStatusChange> next = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                } else if (next.isEmpty()) {
                    return;
                } else {
                    ProxyStatusChange change = next.get();
                    sink.emit(SseEvent.builder()
                            .name(change.kind().id())
                            .data(new String(JsonResponses.toBytes(ProxyEventResponse.from(change)),
                                    StandardCharsets.UTF_8))
                            .build());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // The client went away: nothing to answer.
        } finally {
            subscription.close();
            streams.remove(queue);
        }
    }

    /** Ends every open stream and refuses to hold new ones. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(queue -> {
            queue.clear();
            queue.offer(END);
        });
    }
}
