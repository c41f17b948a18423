package dev.cliproxy.control.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in proxy's sign-in flows, as CLIProxyAPI's management API runs them (v7): {@code GET
 * /v0/management/<flow>-auth-url} starts one and answers {@code {"status":"ok","url","state"}}, {@code GET
 * get-auth-status?state=} tells {@code wait}, {@code ok} or {@code error}, {@code POST oauth-callback} takes a redirect
 * pasted from elsewhere, {@code DELETE oauth-session?state=} cancels. Each checks the management key as the proxy
 * does: a wrong or missing one is 401 (printed as {@code stand-in: management key refused (n)}), and after five the
 * address is banned (403).
 *
 * <p>The {@code url} is a loopback consent page of the stand-in itself, {@code GET /stand-in/consent?state=}: opened,
 * it plays the provider and the person who consents, and the proxy writes the account's token file
 * ({@code <type>-<email>.json}, 0600) into {@code auth-dir}. With {@code &email=} it signs that address in (else
 * {@code stand-in@example.com}); with {@code &redirect=1} it answers the provider's redirect ({@code 302}) instead, as
 * a browser on another machine would land on it, for the callback to complete. Config keys (ignored by the real
 * proxy): {@code stand-in-login-flows: codex,anthropic} limits the flows (default: every core flow, plus {@code kiro}
 * with {@code stand-in-plus: true}).
 */
final class StandInLogin {

    /** Core flows and the {@code type} of the token files they write. */
    private static final Map<String, String> FLOW_TYPES = Map.of("antigravity", "antigravity", "gemini-cli", "gemini",
            "codex", "codex", "anthropic", "claude", "iflow", "iflow", "kiro", "kiro");
    private static final String MANAGEMENT = "/v0/management/";
    private static final String CONSENT = "/stand-in/consent";
    private static final int BAN_AFTER = 5;
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private enum Phase { WAITING, DONE, FAILED }

    private record Session(String flow, String code, Phase phase, String error, String email) {
        Session with(Phase next, String why) {
            return new Session(flow, code, next, why, email);
        }
    }

    private final String host;
    private final int port;
    private final boolean managementOn;
    private final Predicate<HttpExchange> keyAccepted;
    private final Optional<Path> authDir;
    private final List<String> flows;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    private StandInLogin(String host, int port, boolean managementOn, Predicate<HttpExchange> keyAccepted,
                         Optional<Path> authDir, List<String> flows) {
        this.host = host;
        this.port = port;
        this.managementOn = managementOn;
        this.keyAccepted = keyAccepted;
        this.authDir = authDir;
        this.flows = flows;
    }

    /**
     * The flows of the config {@code configFile}; the management API is on when it has a secret, and takes the keys
     * {@code keyAccepted} accepts.
     */
    static StandInLogin of(Path configFile, String host, int port, boolean managementOn,
                           Predicate<HttpExchange> keyAccepted) throws IOException {
        Map<String, String> scalars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(configFile)) {
            int colon = line.indexOf(':');
            if (!line.startsWith(" ") && !line.startsWith("#") && colon > 0) {
                scalars.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 1).strip()));
            }
        }
        boolean plus = Boolean.parseBoolean(scalars.get("stand-in-plus"));
        String named = scalars.getOrDefault("stand-in-login-flows", "");
        List<String> flows = named.isBlank()
                ? FLOW_TYPES.keySet().stream().filter(flow -> plus || !flow.equals("kiro")).sorted().toList()
                : List.of(named.split("\\s*,\\s*"));
        Optional<Path> authDir = Optional.ofNullable(scalars.get("auth-dir")).filter(dir -> !dir.isBlank())
                .map(dir -> configFile.toAbsolutePath().getParent().resolve(dir));
        return new StandInLogin(host.equals("0.0.0.0") ? "127.0.0.1" : host, port, managementOn, keyAccepted, authDir,
                flows);
    }

    /** Whether {@code path} is one of the sign-in routes. */
    static boolean serves(String path) {
        return path.equals(CONSENT) || path.equals(MANAGEMENT + "get-auth-status")
                || path.equals(MANAGEMENT + "oauth-callback") || path.equals(MANAGEMENT + "oauth-session")
                || path.startsWith(MANAGEMENT) && path.endsWith("-auth-url");
    }

    void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.equals(CONSENT) && exchange.getRequestMethod().equals("GET")) {
            consent(exchange, query);
            return;
        }
        if (!managementOn) {
            send(exchange, 404, "404 page not found");
            return;
        }
        if (refused.get() >= BAN_AFTER) {
            send(exchange, 403, "{\"error\":\"IP banned due to too many failed attempts. Try again in 30m0s\"}");
            return;
        }
        if (!keyAccepted.test(exchange)) {
            System.out.println("stand-in: management key refused (" + refused.incrementAndGet() + ")");
            System.out.flush();
            send(exchange, 401, "{\"error\":\"invalid management key\"}");
            return;
        }
        String method = exchange.getRequestMethod();
        if (path.endsWith("-auth-url") && method.equals("GET")) {
            start(exchange, path.substring(MANAGEMENT.length(), path.length() - "-auth-url".length()));
        } else if (path.endsWith("get-auth-status") && method.equals("GET")) {
            status(exchange, query.getOrDefault("state", ""));
        } else if (path.endsWith("oauth-callback") && method.equals("POST")) {
            callback(exchange);
        } else if (path.endsWith("oauth-session") && method.equals("DELETE")) {
            Session cancelled = sessions.computeIfPresent(query.getOrDefault("state", ""),
                    (state, session) -> session.phase() == Phase.WAITING ? null : session);
            send(exchange, 200, "{\"status\":\"ok\",\"cancelled\":" + (cancelled == null) + "}");
        } else {
            send(exchange, 404, "404 page not found");
        }
    }

    private void start(HttpExchange exchange, String flow) throws IOException {
        if (!flows.contains(flow)) {
            send(exchange, 404, "404 page not found");
            return;
        }
        String state = "stand-in-" + started.incrementAndGet() + "-" + hex(6);
        sessions.put(state, new Session(flow, hex(16), Phase.WAITING, "", "stand-in@example.com"));
        send(exchange, 200, "{\"status\":\"ok\",\"url\":\"http://" + host + ":" + port + CONSENT + "?state=" + state
                + "\",\"state\":\"" + state + "\"}");
    }

    private void status(HttpExchange exchange, String state) throws IOException {
        if (state.isEmpty()) {
            send(exchange, 200, "{\"status\":\"ok\"}");
            return;
        }
        if (!STATE.matcher(state).matches() || state.contains("..")) {
            send(exchange, 400, "{\"status\":\"error\",\"error\":\"invalid state\"}");
            return;
        }
        Session session = sessions.get(state);
        if (session == null) {
            send(exchange, 200, "{\"status\":\"error\",\"error\":\"unknown or expired state\"}");
            return;
        }
        send(exchange, 200, switch (session.phase()) {
            case WAITING -> "{\"status\":\"wait\"}";
            case DONE -> "{\"status\":\"ok\"}";
            case FAILED -> "{\"status\":\"error\",\"error\":\"" + session.error() + "\"}";
        });
    }

    /** As the proxy: the state, code and error from the body, else from the redirect's query. */
    private void callback(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> redirect = jsonString(body, "redirect_url")
                .map(url -> query(URI.create(url).getRawQuery())).orElse(Map.of());
        String state = jsonString(body, "state").filter(s -> !s.isBlank()).orElse(redirect.getOrDefault("state", ""));
        String code = jsonString(body, "code").filter(s -> !s.isBlank()).orElse(redirect.getOrDefault("code", ""));
        String error = redirect.getOrDefault("error", "");
        if (state.isEmpty()) {
            send(exchange, 400, "{\"status\":\"error\",\"error\":\"state is required\"}");
            return;
        }
        if (code.isEmpty() && error.isEmpty()) {
            send(exchange, 400, "{\"status\":\"error\",\"error\":\"code or error is required\"}");
            return;
        }
        Session session = sessions.get(state);
        if (session == null) {
            send(exchange, 404, "{\"status\":\"error\",\"error\":\"unknown or expired state\"}");
            return;
        }
        if (session.phase() != Phase.WAITING) {
            send(exchange, 409, "{\"status\":\"error\",\"error\":\"oauth flow is not pending\"}");
            return;
        }
        // The proxy finds the callback a moment later and exchanges the code, as its waiting goroutine does.
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
                if (!error.isEmpty()) {
                    sessions.put(state, session.with(Phase.FAILED, "Bad request"));
                } else if (!code.equals(session.code())) {
                    sessions.put(state, session.with(Phase.FAILED, "Failed to exchange the code for tokens"));
                } else {
                    complete(state, session);
                }
            } catch (InterruptedException | IOException e) {
                sessions.put(state, session.with(Phase.FAILED, "stand-in: " + e.getClass().getSimpleName()));
            }
        });
        send(exchange, 200, "{\"status\":\"ok\"}");
    }

    /** The provider's consent page, opened in the person's browser: no management key here. */
    private void consent(HttpExchange exchange, Map<String, String> query) throws IOException {
        String state = query.getOrDefault("state", "");
        Session session = sessions.get(state);
        if (session == null || session.phase() != Phase.WAITING) {
            send(exchange, 400, "This sign-in is over.");
            return;
        }
        Session signing = new Session(session.flow(), session.code(), Phase.WAITING, "",
                query.getOrDefault("email", session.email()));
        sessions.put(state, signing);
        if (query.containsKey("redirect")) {
            exchange.getResponseHeaders().set("Location", "http://localhost:54545/callback?code=" + session.code()
                    + "&state=" + state);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        complete(state, signing);
        send(exchange, 200, "Authentication successful! You can close this window.");
    }

    /** Writes the account's token file (atomically, 0600) and marks the flow done. */
    private void complete(String state, Session session) throws IOException {
        if (authDir.isEmpty()) {
            sessions.put(state, session.with(Phase.FAILED, "auth-dir is not set in the stand-in's config"));
            return;
        }
        String type = FLOW_TYPES.get(session.flow());
        Path dir = authDir.get();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".stand-in-", ".tmp");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(temp, "{\"type\":\"" + type + "\",\"email\":\"" + session.email()
                + "\",\"access_token\":\"stand-in-" + hex(16) + "\",\"refresh_token\":\"stand-in-" + hex(16)
                + "\",\"expired\":\"" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "\"}");
        Files.move(temp, dir.resolve(type + "-" + session.email() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        sessions.put(state, session.with(Phase.DONE, ""));
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                values.putIfAbsent(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** A string field of a flat JSON object, unescaped: enough for the bodies the proxy's clients send. */
    static Optional<String> jsonString(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String raw = matcher.group(1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 == raw.length()) {
                text.append(c);
                continue;
            }
            char escaped = raw.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return Optional.of(text.toString());
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{")
                ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-CPA-VERSION", "stand-in");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
