package dev.cliproxy.control.bootstrap.http;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server lets a request in flight finish with its answer. */
class GracefulShutdownTest {

    private static final Duration SLOW = Duration.ofMillis(1500);

    @TempDir
    Path ccs;

    @Test
    void aSlowRequestInFlightCompletesWhenTheServerIsClosed() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        try (LoopbackStub proxy = new LoopbackStub(exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> json(exchange, 200, "{\"status\":\"ok\"}");
                case "/v1/models" -> {
                    asked.countDown();
                    try {
                        Thread.sleep(SLOW);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    json(exchange, 200, "{\"data\":[{\"id\":\"m1\",\"owned_by\":\"acme\"}]}");
                }
                default -> json(exchange, 404, "{}");
            }
        })) {
            int port = proxy.port();
            StandInConfig.selectPort(new CcsLayout(ccs), port);
            Files.createDirectories(ccs.resolve("cliproxy"));
            Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"),
                    "port: " + port + "\napi-keys:\n  - \"k\"\n");
            CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                    .modelsTimeout(Duration.ofSeconds(20)).build();
            try {
                HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
                CompletableFuture<HttpResponse<String>> inFlight = TestHttpClient.at(server.uri())
                        .sendAsync("GET", "/api/cliproxy/models", null);
                assertTrue(asked.await(30, TimeUnit.SECONDS), "the request reached the proxy");

                server.close();

                HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"totalCount\":1"), response.body());
            } finally {
                control.close();
            }
        }
    }
}
