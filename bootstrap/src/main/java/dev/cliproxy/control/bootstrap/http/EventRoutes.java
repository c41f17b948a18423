package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.WatchAccountEventsUseCase;
import dev.cliproxy.control.application.usecase.WatchAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.bootstrap.http.dto.AccountEventResponse;
import dev.cliproxy.control.bootstrap.http.dto.AlertEventResponse;
import dev.cliproxy.control.bootstrap.http.dto.InstallEventResponse;
import dev.cliproxy.control.bootstrap.http.dto.ProxyEventResponse;
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
 * carrying the {@code proxy-status} body plus {@code type}, and one per step of an install or rollback
 * ({@code download}, {@code verified}, ...) carrying that step, one per account alert ({@code quota-low},
 * {@code account-paused}, ...) carrying the alert, and one per account being added ({@code login-started},
 * {@code account-added}, {@code login-failed}). Each stream holds its request's (virtual) thread; a
 * comment every {@link #HEARTBEAT} finds clients that went away. {@link #close()} ends every stream, so that the
 * server's stop does not wait for them.
 */
public final class EventRoutes implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Put in a stream's queue to end it. */
    private static final Optional<Event> END = Optional.empty();
    /** A client that reads nothing for this many events is dropped rather than buffered without end. */
    private static final int MAX_BACKLOG = 256;

    private final WatchProxyStatusUseCase watch;
    private final WatchInstallUseCase installs;
    private final WatchAlertsUseCase alerts;
    private final WatchAccountEventsUseCase accounts;
    private final Set<BlockingQueue<Optional<Event>>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventRoutes(WatchProxyStatusUseCase watch, WatchInstallUseCase installs, WatchAlertsUseCase alerts,
                WatchAccountEventsUseCase accounts) {
        this.watch = watch;
        this.installs = installs;
        this.alerts = alerts;
        this.accounts = accounts;
    }

    /** One event of a stream: its name and its JSON data. */
    private record Event(String name, Object data) {
    }

    void events(ServerRequest req, ServerResponse res) throws InterruptedException {
        BlockingQueue<Optional<Event>> queue = new LinkedBlockingQueue<>(MAX_BACKLOG);
        streams.add(queue);
        WatchProxyStatusUseCase.Subscription subscription = watch.watch(change ->
                offer(queue, new Event(change.kind().id(), ProxyEventResponse.from(change))));
        WatchProxyStatusUseCase.Subscription steps = installs.watch(step ->
                offer(queue, new Event(step.step().id(), InstallEventResponse.from(step))));
        WatchProxyStatusUseCase.Subscription told = alerts.watch(alert ->
                offer(queue, new Event(alert.kind().id(), AlertEventResponse.from(alert))));
        WatchProxyStatusUseCase.Subscription added = accounts.watch(event ->
                offer(queue, new Event(event.kind().id(), AccountEventResponse.from(event))));
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            while (!closed) {
                Optional<Event> next = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                } else if (next.isEmpty()) {
                    return;
                } else {
                    sink.emit(SseEvent.builder()
                            .name(next.get().name())
                            .data(new String(JsonResponses.toBytes(next.get().data()), StandardCharsets.UTF_8))
                            .build());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // The client went away: nothing to answer.
        } finally {
            subscription.close();
            steps.close();
            told.close();
            added.close();
            streams.remove(queue);
        }
    }

    /**
     * Queues {@code event}; when the client has let {@link #MAX_BACKLOG} events pile up, its stream is ended instead
     * (the throw drops this subscription at the publisher). A stream that went on without some of its events would
     * show a stale state for good; an ended one is reconnected by the client, and its first event is the current
     * status.
     */
    private static void offer(BlockingQueue<Optional<Event>> queue, Event event) {
        if (!queue.offer(Optional.of(event))) {
            end(queue);
            throw new IllegalStateException("event stream backlog full");
        }
    }

    /** Ends the stream: its backlog is dropped and {@link #END} queued, however many events others add meanwhile. */
    private static void end(BlockingQueue<Optional<Event>> queue) {
        do {
            queue.clear();
        } while (!queue.offer(END));
    }

    /** Ends every open stream and refuses to hold new ones. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(EventRoutes::end);
    }
}
