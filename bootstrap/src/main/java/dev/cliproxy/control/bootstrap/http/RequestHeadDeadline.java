package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.ErrorBody;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A request's headers must arrive within a deadline after its request line. Helidon reads them with no time limit,
 * so a client dribbling a header byte now and then would hold its connection (and a thread) forever; past the
 * deadline the client gets a 408 JSON answer and the connection is closed. One timer thread checks all
 * connections; a request costs a map insertion and removal.
 */
final class RequestHeadDeadline implements Http1ConnectionListener, AutoCloseable {

    private static final byte[] ANSWER = answer();

    private final long timeoutNanos;
    private final Map<ConnectionContext, Long> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cliproxy-request-deadline");
        thread.setDaemon(true);
        return thread;
    });

    RequestHeadDeadline(Duration timeout, Duration checkEvery) {
        this.timeoutNanos = timeout.toNanos();
        timer.scheduleWithFixedDelay(this::closeLate, checkEvery.toMillis(), checkEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        pending.put(ctx, System.nanoTime() + timeoutNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        pending.remove(ctx);
    }

    private void closeLate() {
        long now = System.nanoTime();
        pending.forEach((ctx, deadline) -> {
            if (now - deadline >= 0 && pending.remove(ctx, deadline)) {
                try {
                    ctx.dataWriter().writeNow(BufferData.create(ANSWER));
                } catch (RuntimeException e) {
                    // Already closed (an answer went out before the headers were complete): nothing to tell.
                }
                ctx.serverSocket().close();
            }
        });
    }

    private static byte[] answer() {
        byte[] body = JsonResponses.toBytes(new ErrorBody("Request Timeout",
                "The request headers did not arrive in time", "request_timeout"));
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + JsonResponses.JSON_UTF8
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
