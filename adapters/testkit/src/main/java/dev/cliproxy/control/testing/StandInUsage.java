package dev.cliproxy.control.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in proxy's usage queue ({@code cliproxyapi.md} §3.3, v6.10.8+): records made at a chosen rate, each with
 * a unique request id ({@code stand-in-<n>}, n from 1), popped by {@code GET /v0/management/usage-queue?count=N}
 * (each record handed out once), with {@code GET /v0/management/usage-statistics-enabled} answering {@code true},
 * and every answer carrying {@code X-CPA-VERSION}. Config keys: {@code stand-in-usage-rate: N} (records per second;
 * 0, the default, makes none), {@code stand-in-usage-total: M} (stops after M records) and
 * {@code stand-in-version: vX.Y.Z}. Before it answers a pop, it appends the ids it hands out to
 * {@code usage-handed-out.log} in its writable folder, one line per pop, space-separated: a test compares that
 * ledger with what a collector stored.
 * What each record holds follows from its number ({@link #json}), so tests can recompute any sum.
 */
public final class StandInUsage {

    /** The ledger's name, in the proxy's writable folder. */
    public static final String LEDGER = "usage-handed-out.log";
    /** The providers and models records cycle through. */
    public static final List<String> PROVIDERS = List.of("gemini", "codex", "claude");
    public static final List<String> MODELS = List.of("gemini-2.5-pro", "gpt-5", "claude-sonnet-4");
    private static final Pattern COUNT = Pattern.compile("(?:^|&)count=([^&]*)");

    private final Deque<String> queue = new ArrayDeque<>();
    private final Path ledger;
    private final String apiKey;
    private long made;

    private StandInUsage(Path ledger, String apiKey) {
        this.ledger = ledger;
        this.apiKey = apiKey;
    }

    /**
     * Starts making records at {@code perSecond} (none when 0), at most {@code total} (unbounded when negative),
     * on a daemon thread; {@code apiKey} is the client key they name.
     */
    static StandInUsage start(Path writable, int perSecond, long total, String apiKey) {
        StandInUsage usage = new StandInUsage(writable.resolve(LEDGER), apiKey);
        if (perSecond > 0) {
            Thread.ofPlatform().daemon().name("stand-in-usage").start(() -> usage.produce(perSecond, total));
        }
        return usage;
    }

    private void produce(int perSecond, long total) {
        long start = System.nanoTime();
        while (total < 0 || made < total) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            synchronized (this) {
                while (made < due && (total < 0 || made < total)) {
                    made++;
                    queue.addLast(json(made, Instant.now(), apiKey));
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether {@code path} is one of the routes this serves. */
    static boolean serves(String path) {
        return path.equals("/v0/management/usage-queue") || path.equals("/v0/management/usage-statistics-enabled");
    }

    /** Answers an authorised request of a route it {@link #serves}. */
    void answer(HttpExchange exchange, String version) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/usage-statistics-enabled")) {
            send(exchange, version, 200, "{\"usage-statistics-enabled\":true}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        Matcher count = COUNT.matcher(query == null ? "" : query);
        int asked;
        try {
            asked = count.find() ? Integer.parseInt(count.group(1).strip()) : 1;
        } catch (NumberFormatException e) {
            asked = 0;
        }
        if (asked <= 0) {
            send(exchange, version, 400, "{\"error\":\"count must be a positive integer\"}");
            return;
        }
        send(exchange, version, 200, pop(asked));
    }

    /** Takes up to {@code count} records and writes their ids to the ledger before they leave. */
    private synchronized String pop(int count) {
        List<String> batch = new ArrayList<>();
        while (batch.size() < count && !queue.isEmpty()) {
            batch.add(queue.pollFirst());
        }
        if (!batch.isEmpty()) {
            StringBuilder ids = new StringBuilder();
            for (String record : batch) {
                ids.append(ids.isEmpty() ? "" : " ").append(idOf(record));
            }
            ids.append('\n');
            try {
                Files.writeString(ledger, ids, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "[" + String.join(",", batch) + "]";
    }

    private static String idOf(String json) {
        int start = json.indexOf("\"request_id\":\"") + "\"request_id\":\"".length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** The request id of record {@code n}. */
    public static String requestId(long n) {
        return "stand-in-" + n;
    }

    /** The number of the record whose request id is {@code id}. */
    public static long number(String requestId) {
        return Long.parseLong(requestId.substring("stand-in-".length()));
    }

    /** Record {@code n}'s input tokens; its other fields follow from {@code n} the same way ({@link #json}). */
    public static long inputTokens(long n) {
        return 100 + n % 50;
    }

    public static long outputTokens(long n) {
        return 20 + n % 7;
    }

    public static boolean failed(long n) {
        return n % 13 == 0;
    }

    /** Record {@code n} as the real queue hands it out ({@code internal/redisqueue/plugin.go}). */
    public static String json(long n, Instant at, String apiKey) {
        int kind = (int) (n % PROVIDERS.size());
        boolean failed = failed(n);
        return "{\"timestamp\":\"" + at + "\",\"latency_ms\":" + (50 + n % 400) + ",\"ttft_ms\":" + (10 + n % 40)
                + ",\"source\":\"user" + (n % 2) + "@example.com\",\"auth_index\":\"idx" + (n % 2) + "\""
                + ",\"client_ip\":\"127.0.0.1\",\"user_agent\":\"stand-in\",\"tokens\":{\"input_tokens\":"
                + inputTokens(n) + ",\"output_tokens\":" + outputTokens(n) + ",\"reasoning_tokens\":" + n % 3
                + ",\"cached_tokens\":" + n % 5 * 10 + ",\"cache_read_tokens\":0,\"total_tokens\":"
                + (inputTokens(n) + outputTokens(n)) + "},\"failed\":" + failed + ",\"fail\":{\"status_code\":"
                + (failed ? 429 : 200) + ",\"body\":\"\"},\"provider\":\"" + PROVIDERS.get(kind) + "\",\"model\":\""
                + MODELS.get(kind) + "\",\"alias\":\"" + MODELS.get(kind)
                + "\",\"endpoint\":\"POST /v1/chat/completions\""
                + ",\"auth_type\":\"oauth\",\"api_key\":\"" + apiKey + "\",\"request_id\":\"" + requestId(n) + "\"}";
    }

    static void send(HttpExchange exchange, String version, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("X-CPA-VERSION", version);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
