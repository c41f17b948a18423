package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code GET /events} read as a client reads it: each event's name and JSON data, in order, as they arrive. */
final class EventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its name, its data, and when it arrived ({@link System#nanoTime()}). */
    record Event(String name, JsonNode data, long receivedNanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    /** Opens the stream of the API at {@code http} ({@code .../api/cliproxy}). */
    EventStream(TestHttpClient http) throws IOException, InterruptedException {
        // No request timeout: the stream stays open for the whole test.
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(http.uri("/events")),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        lines = response.body();
        reader = Thread.ofPlatform().daemon().start(() -> read(lines.iterator()));
    }

    /** The next event, waiting up to {@code wait} for it. */
    Event next(Duration wait) throws InterruptedException {
        Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + wait);
        return event;
    }

    private void read(Iterator<String> stream) {
        String name = null;
        try {
            while (stream.hasNext()) {
                String line = stream.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    events.add(new Event(name, JSON.readTree(line.substring(5).strip()), System.nanoTime()));
                }
            }
        } catch (Exception e) {
            // The stream was closed by the test.
        }
    }

    @Override
    public void close() throws InterruptedException {
        lines.close();
        reader.join(Duration.ofSeconds(10));
    }
}
