package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer of many segments is not held back at its end: with Nagle's algorithm on, the last partial segment of a
 * listing waited for the client's delayed ACK (40 ms on Linux) on every request of a kept-alive connection, which
 * capped a client at about 25 listings a second whatever the server's speed.
 */
class LargeAnswerLatencyTest {

    @TempDir
    Path ccs;

    @Test
    void aListingOfTensOfKilobytesOnAKeptAliveConnectionTakesMillisecondsNotTheDelayedAck() throws Exception {
        Path auth = Files.createDirectories(ccs.resolve("cliproxy/auth"));
        // About 60 KB of JSON: one segment on loopback (64 KB), sent after the headers' small one.
        for (int i = 0; i < 800; i++) {
            Files.writeString(auth.resolve("a" + i + ".json"), "{}");
        }
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).build();
             HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest listing = HttpRequest.newBuilder(URI.create(server.uri() + "/api/cliproxy/auth-files"))
                    .timeout(Duration.ofSeconds(30)).build();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                long begin = System.nanoTime();
                HttpResponse<byte[]> response = client.send(listing, HttpResponse.BodyHandlers.ofByteArray());
                millis.add((System.nanoTime() - begin) / 1_000_000);
                assertEquals(200, response.statusCode());
                assertTrue(response.body().length > 32 * 1024, "a large answer");
            }
            long median = millis.stream().sorted().toList().get(millis.size() / 2);
            assertTrue(median < 30, "median " + median + " ms: " + millis);
        }
    }
}
