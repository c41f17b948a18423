package dev.cliproxy.control.testkit.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 (port chosen by the OS) standing in for the proxy, GitHub or a provider. It
 * records every request (method, URI, headers, body) and answers either through a {@link Responder} that writes
 * the exchange itself, or from a script of {@link Reply replies}; a reply or responder may hold the answer back until
 * the stub is closed, to test timeouts. Close it in a {@code finally}.
 */
public final class LoopbackStub implements AutoCloseable {

    /** Writes the answer to one request; the request's body has already been read into {@link #requests()}. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    /** One request as received; {@code uri} is absolute when the stub is used as a forward proxy. */
    public record Recorded(String method, URI uri, Headers headers, String body) {

        /** The raw (still percent-encoded) path. */
        public String path() {
            return uri.getRawPath();
        }

        /** The first value of a header, whatever its case; {@code null} when absent. */
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A scripted answer; {@code held} ones wait until the stub is closed (a host that never answers in time). */
    public record Reply(int status, Map<String, String> headers, String body, boolean held) {

        public Reply {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /** A JSON body with the given status. */
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, false);
        }

        /** A body without a content type (an HTML page, a plain {@code not found}). */
        public static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, false);
        }

        /** {@code 200 {}}, sent only once the stub is closed. */
        public static Reply heldBack() {
            return new Reply(200, Map.of("Content-Type", "application/json"), "{}", true);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body, held);
        }
    }

    /** What the stub does with a recorded request. */
    @FunctionalInterface
    private interface Handler {
        void handle(Recorded request, HttpExchange exchange) throws IOException;
    }

    private static final long HOLD_SECONDS = 60;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Handler handler;

    /** A stub whose answers {@code responder} writes. */
    public LoopbackStub(Responder responder) throws IOException {
        this.handler = handlerOf(responder);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stub that answers each request with the reply {@code script} gives for it. */
    public static LoopbackStub replying(Function<Recorded, Reply> script) throws IOException {
        LoopbackStub stub = new LoopbackStub(exchange -> { });
        stub.reply(script);
        return stub;
    }

    /** From now on {@code newResponder} writes the answers. */
    public void answer(Responder newResponder) {
        this.handler = handlerOf(newResponder);
    }

    /** From now on {@code script} gives the answers. */
    public void reply(Function<Recorded, Reply> script) {
        Objects.requireNonNull(script, "script");
        this.handler = (request, exchange) -> send(exchange, script.apply(request));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Every request so far, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded lastRequest() {
        return requests.getLast();
    }

    /** How many requests asked for {@code path} (raw). */
    public long hits(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Sends its headers and the start of a JSON body, then stalls until the stub is closed. */
    public Responder stallingBody() {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitClose();
        };
    }

    /** Sends a JSON body with the given status. */
    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(),
                    new Headers(exchange.getRequestHeaders()), body);
            requests.add(request);
            handler.handle(request, exchange);
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.held()) {
            awaitClose();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            out.write(bytes);
        } catch (IOException clientGone) {
            // the client timed out and closed the connection: nothing left to answer
        }
    }

    private static Handler handlerOf(Responder responder) {
        Objects.requireNonNull(responder, "responder");
        return (request, exchange) -> responder.respond(exchange);
    }

    private void awaitClose() {
        try {
            closed.await(HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
