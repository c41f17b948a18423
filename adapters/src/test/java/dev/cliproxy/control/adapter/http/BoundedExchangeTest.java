package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One exchange under a size limit, and how its durations read in messages. */
class BoundedExchangeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aBodyOfTheLimitIsReadAndOneByteMoreIsTooLarge() throws Exception {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        try (LoopbackStub stub = LoopbackStub.replying(request -> Reply.of(200,
                request.path().equals("/limit") ? "x".repeat(1000) : "x".repeat(1001)))) {
            assertEquals(1000, BoundedExchange.send(client, HttpRequest.newBuilder(stub.uri().resolve("/limit"))
                    .build(), DEADLINE, 1000).body().length);
            assertThrows(BoundedExchange.BodyTooLargeException.class, () -> BoundedExchange.send(client,
                    HttpRequest.newBuilder(stub.uri().resolve("/over")).build(), DEADLINE, 1000));
        } finally {
            client.close();
        }
    }

    @Test
    void aDurationReadsInWholeSecondsElseInMilliseconds() {
        assertEquals("3 s", BoundedExchange.describe(Duration.ofSeconds(3)));
        assertEquals("0 s", BoundedExchange.describe(Duration.ZERO));
        assertEquals("250 ms", BoundedExchange.describe(Duration.ofMillis(250)));
        assertEquals("1500 ms", BoundedExchange.describe(Duration.ofMillis(1500)));
    }
}
