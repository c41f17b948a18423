package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cliproxy.control.adapter.http.LoopbackExchange.Outcome;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of the plain-socket health exchange: when an answer is complete (its length, its last chunk, the end of
 * the connection, or no body by its status), what it holds, and what is no answer at all. Answers that must be read
 * without waiting for the connection to close are served on connections kept open, within a deadline far longer
 * than the test takes: waiting for the end would run into it.
 */
class LoopbackExchangeTest {

    /** Generous on a loaded machine; an exchange that is complete returns long before it. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** For the cases whose answer is "nothing within the deadline". */
    private static final Duration SHORT = Duration.ofMillis(400);

    @Test
    void aClosedPortIsRefused() throws Exception {
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        assertInstanceOf(Outcome.Refused.class, LoopbackExchange.get(free, "/healthz", DEADLINE));
    }

    @Test
    void theRequestIsAGetOfThePathForJsonOnAConnectionThatCloses() throws Exception {
        try (LoopbackStub stub = LoopbackStub.replying(request -> Reply.json(200, "{}"))) {
            answered(LoopbackExchange.get(stub.port(), "/healthz", DEADLINE));
            LoopbackStub.Recorded request = stub.lastRequest();
            assertEquals("GET", request.method());
            assertEquals("/healthz", request.path());
            assertEquals("127.0.0.1:" + stub.port(), request.header("Host"));
            assertEquals("application/json", request.header("Accept"));
            assertEquals(JdkProxyApiAdapter.USER_AGENT, request.header("User-Agent"));
            assertEquals("close", request.header("Connection"));
        }
    }

    @Test
    void anAnswerOfALengthIsItsStatusAndThatManyBytesWhateverFollows() throws Exception {
        assertAnswer(503, "down", "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\ndownAND MORE");
        assertAnswer(200, "", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertAnswer(200, "", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nnot the body");
    }

    @Test
    void headerNamesAreReadWhateverTheirCaseAndSpacing() throws Exception {
        assertAnswer(200, "ok", "HTTP/1.1 200 OK\r\ncontent-LENGTH :  2 \r\n\r\nok");
        assertAnswer(200, "ok", "HTTP/1.1 200 OK\r\nTRANSFER-encoding: gzip, Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    }

    @Test
    void aStatusLineNeedsNoReasonPhrase() throws Exception {
        assertAnswer(200, "ok", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok");
        assertAnswer(404, "no", "HTTP/1.0 404 \r\nContent-Length: 2\r\n\r\nno");
    }

    @Test
    void linesThatAreNotHeadersAreSkipped() throws Exception {
        assertAnswer(200, "ok", "HTTP/1.1 200 OK\r\nno colon here\r\n: no name\r\nContent-Length: 2\r\n\r\nok");
    }

    @Test
    void anAnswerWithoutLengthOrChunksEndsWithItsConnection() throws Exception {
        try (RawLoopbackServer raw = new RawLoopbackServer("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nhello", false)) {
            LoopbackExchange.Answer answer = answered(LoopbackExchange.get(raw.port(), "/", DEADLINE));
            assertEquals(200, answer.status());
            assertEquals("hello", text(answer));
        }
    }

    @Test
    void statusesWithoutBodyAreCompleteAtTheEndOfTheirHead() throws Exception {
        // Whatever length or coding their head claims (RFC 9112, 6.3): 1xx, 204 and 304 have no body.
        for (int status : List.of(100, 204, 304)) {
            assertAnswer(status, "", "HTTP/1.1 " + status + " X\r\n\r\n");
            assertAnswer(status, "", "HTTP/1.1 " + status + " X\r\nContent-Length: 5\r\n\r\n");
            assertAnswer(status, "", "HTTP/1.1 " + status + " X\r\nTransfer-Encoding: chunked\r\n\r\n");
        }
    }

    @Test
    void statusesNextToThoseWithoutBodyWaitForTheirBody() throws Exception {
        // Without a length their body ends with the connection, which stays open here: nothing within the deadline.
        for (int status : List.of(205, 303)) {
            try (RawLoopbackServer raw = new RawLoopbackServer("HTTP/1.1 " + status + " X\r\n\r\n", true)) {
                assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", SHORT));
            }
        }
    }

    @Test
    void aChunkedBodyIsItsChunksJoinedWhateverTheirExtensions() throws Exception {
        assertAnswer(200, "hello0123456789",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA \r\n0123456789\r\n"
                        + "0\r\n\r\n");
        assertAnswer(200, "", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void aChunkedBodyIsCompleteOnlyOnceTheLineAfterItsLastChunkHasArrived() throws Exception {
        String withoutEnd = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n";
        try (RawLoopbackServer raw = new RawLoopbackServer(withoutEnd, true)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", SHORT));
        }
        try (RawLoopbackServer raw = new RawLoopbackServer(withoutEnd, false)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE),
                    "a chunked body cut short is no answer, not the chunks so far");
        }
        try (RawLoopbackServer raw = new RawLoopbackServer(withoutEnd + "X-Trailer: 1\r\n", true)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", SHORT),
                    "a trailer line is not the empty line that ends the trailers");
        }
        assertAnswer(200, "ok", withoutEnd + "X-Trailer: 1\r\nX-Other: 2\r\n\r\n");
        try (RawLoopbackServer raw = new RawLoopbackServer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", false)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE));
        }
    }

    @Test
    void aChunkOfAtMostTheLargestBodyIsReadAndALargerOneIsNoAnswer() throws Exception {
        int largest = LoopbackExchange.MAX_BODY_BYTES;
        String chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertAnswer(200, "x".repeat(largest),
                chunkedHead + Integer.toHexString(largest) + "\r\n" + "x".repeat(largest) + "\r\n0\r\n\r\n");
        try (RawLoopbackServer raw = new RawLoopbackServer(chunkedHead + Integer.toHexString(largest + 1) + "\r\n"
                + "x".repeat(largest + 1) + "\r\n0\r\n\r\n", false)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE));
        }
    }

    @Test
    void aChunkSizeThatIsNotAHexNumberOfAtLeastZeroIsNoAnswer() throws Exception {
        for (String size : List.of("-2", "zz", "")) {
            try (RawLoopbackServer raw = new RawLoopbackServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + size + "\r\nok\r\n0\r\n\r\n", false)) {
                assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE), size);
            }
        }
    }

    @Test
    void aBodyOfTheLargestSizeIsReadAndAMuchLargerOneIsNoAnswerBeforeTheDeadline() throws Exception {
        int largest = LoopbackExchange.MAX_BODY_BYTES;
        assertAnswer(200, "y".repeat(largest), "HTTP/1.1 200 OK\r\nContent-Length: " + largest + "\r\n\r\n"
                + "y".repeat(largest));
        // All of it is sent and the connection stays open: only the limit can end the exchange before the deadline.
        int tooLarge = 2 * largest;
        try (RawLoopbackServer raw = new RawLoopbackServer("HTTP/1.1 200 OK\r\nContent-Length: " + tooLarge
                + "\r\n\r\n" + "y".repeat(tooLarge), true)) {
            assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE));
        }
    }

    @Test
    void whatIsNotAnHttp1StatusLineOrHasAnUnreadableLengthIsNoAnswer() throws Exception {
        for (String head : List.of("HTTP/2 200 OK\r\n", "HTTP/1.1\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1 2000 OK\r\n",
                "HTTP/1.1 2x0 OK\r\n", "ICY 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Length: two\r\n")) {
            try (RawLoopbackServer raw = new RawLoopbackServer(head + "\r\nok", false)) {
                assertInstanceOf(Outcome.NoAnswer.class, LoopbackExchange.get(raw.port(), "/", DEADLINE), head);
            }
        }
    }

    /**
     * Whether the reset reaches the connect itself or the request after it depends on which thread runs first (the
     * connect had it in about one try of ten here): many tries meet both.
     */
    @Test
    void aConnectionResetByThePortIsNoAnswerWhenItCameDuringTheConnectOrAfterIt() throws Exception {
        for (int i = 0; i < 300; i++) {
            try (ServerSocket resetting = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                Thread acceptor = Thread.ofVirtual().start(() -> {
                    try (Socket connection = resetting.accept()) {
                        connection.setSoLinger(true, 0); // its close is a reset, not an orderly end
                    } catch (IOException closed) {
                        // the test is over
                    }
                });
                try {
                    assertInstanceOf(Outcome.NoAnswer.class,
                            LoopbackExchange.get(resetting.getLocalPort(), "/", DEADLINE), "try " + i);
                } finally {
                    resetting.close();
                    acceptor.join();
                }
            }
        }
    }

    @Test
    void aPortThatAcceptsAndNeverAnswersIsNoAnswerAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> LoopbackExchange.get(silent.getLocalPort(), "/healthz", SHORT));
            assertInstanceOf(Outcome.NoAnswer.class, outcome);
        }
    }

    /** Served on a connection kept open: the answer must be complete by what it says of itself. */
    private static void assertAnswer(int status, String body, String served) throws Exception {
        try (RawLoopbackServer raw = new RawLoopbackServer(served, true)) {
            LoopbackExchange.Answer answer = answered(LoopbackExchange.get(raw.port(), "/healthz", DEADLINE));
            assertEquals(status, answer.status(), served);
            assertArrayEquals(body.getBytes(StandardCharsets.ISO_8859_1), answer.body(), served);
        }
    }

    private static LoopbackExchange.Answer answered(Outcome outcome) {
        return assertInstanceOf(Outcome.Answered.class, outcome).answer();
    }

    private static String text(LoopbackExchange.Answer answer) {
        return new String(answer.body(), StandardCharsets.ISO_8859_1);
    }
}
