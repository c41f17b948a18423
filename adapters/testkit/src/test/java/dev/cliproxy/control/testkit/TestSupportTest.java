package dev.cliproxy.control.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback stub, the poller and the tree deletion do what the tests that use them rely on. */
class TestSupportTest {

    @Test
    void theStubRecordsEachRequestAndAnswersWhatIsScripted() throws Exception {
        try (LoopbackStub stub = LoopbackStub.replying(request -> request.path().equals("/a%20b")
                ? Reply.json(201, "{\"ok\":true}").withHeader("Retry-After", "3") : Reply.of(404, ""))) {
            TestHttpClient http = TestHttpClient.at(stub.uri());
            HttpResponse<String> created = http.post("/a%20b?x=1", "{\"q\":1}", "authorization", "Bearer t");

            assertEquals(201, created.statusCode());
            assertEquals("{\"ok\":true}", created.body());
            assertEquals("3", created.headers().firstValue("Retry-After").orElseThrow());
            LoopbackStub.Recorded request = stub.lastRequest();
            assertEquals("POST", request.method());
            assertEquals("/a%20b", request.path());
            assertEquals("x=1", request.uri().getQuery());
            assertEquals("Bearer t", request.header("Authorization"), "headers in any case");
            assertEquals("{\"q\":1}", request.body());
            assertEquals(1, stub.hits("/a%20b"));

            stub.answer(exchange -> LoopbackStub.json(exchange, 200, "[]"));
            assertEquals("[]", http.get("").body());
            assertEquals(2, stub.requests().size());
        }
    }

    @Test
    void aHeldReplyWaitsUntilTheStubCloses() throws Exception {
        CompletableFuture<HttpResponse<String>> held;
        CompletableFuture<HttpResponse<String>> stalled;
        try (LoopbackStub stub = LoopbackStub.replying(request -> Reply.heldBack())) {
            TestHttpClient http = TestHttpClient.at(stub.uri());
            held = http.sendAsync("GET", "", null);
            assertThrows(TimeoutException.class, () -> held.get(300, TimeUnit.MILLISECONDS));
            stub.answer(stub.stallingBody());
            stalled = http.sendAsync("GET", "", null);
            assertThrows(TimeoutException.class, () -> stalled.get(300, TimeUnit.MILLISECONDS));
        }
        // Closed: both answers end at once (however they end), long before the stub's own 60 s limit.
        Await.until(() -> held.isDone() && stalled.isDone(), Duration.ofSeconds(20), "the held answers to end");
    }

    @Test
    void awaitReturnsOnceTheConditionHoldsAndFailsAfterTheDeadline() {
        AtomicInteger polls = new AtomicInteger();
        Await.until(() -> polls.incrementAndGet() >= 3, "the third poll");
        assertEquals(3, polls.get());
        AssertionError late = assertThrows(AssertionError.class,
                () -> Await.until(() -> false, Duration.ofMillis(50), "nothing"));
        assertTrue(late.getMessage().contains("waiting for nothing"), late.getMessage());
    }

    @Test
    void aTreeIsDeletedWholeWithoutFollowingItsLinks(@TempDir Path temp) throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep");
        Path tree = Files.createDirectories(temp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(temp.resolve("tree/link"), outside);

        FileTrees.delete(temp.resolve("tree"));

        assertFalse(Files.exists(temp.resolve("tree")));
        assertEquals("keep", Files.readString(outside));
        FileTrees.delete(temp.resolve("tree"));
    }
}
