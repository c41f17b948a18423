package dev.cliproxy.control.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for CLIProxyAPI, run as its own OS process (see {@link StandInLauncher}), that behaves as
 * {@code cliproxyapi.md} describes: started as {@code <binary> --config <file>}, it reads {@code port},
 * {@code host} and {@code api-keys} from the config, prints the banner, serves {@code GET /},
 * {@code GET /healthz}, {@code GET /v1/models} (only the config's {@code api-keys} accepted) and the management
 * listing {@code GET /v0/management/request-error-logs} (the {@code error-*.log} files of {@code $WRITABLE_PATH/logs},
 * newest first, as the Node dashboard asks for them), exits 0 on SIGTERM and also exits 0 when it cannot bind (as
 * the real proxy does). Like the real proxy, it replaces a plain {@code remote-management.secret-key} in its config
 * with a one-way hash when it starts (writing the file back; {@code $2a$} as bcrypt's, though not bcrypt) and checks
 * management keys ({@code Authorization: Bearer} or {@code X-Management-Key}) against that hash: the plain secret
 * can no longer be read back from the config. It runs the management API's sign-in flows with a loopback consent
 * page that writes the account's token file into {@code auth-dir} ({@link StandInLogin}). Extra config keys, which
 * the real proxy ignores, change its behaviour; its management API is described at {@link Management}:
 * <ul>
 *   <li>{@code stand-in-startup-delay-ms: N} waits N ms before listening;</li>
 *   <li>{@code stand-in-exit-code: N} prints an error and exits at once with code N;</li>
 *   <li>{@code stand-in-ignore-sigterm: true} ignores SIGTERM (only a kill stops it);</li>
 *   <li>{@code stand-in-legacy: true} has no {@code /healthz}, as proxies before v6.9.10;</li>
 *   <li>{@code stand-in-version: V} is the version its management API reports.</li>
 *   <li>{@code stand-in-usage-rate}, {@code stand-in-usage-total} and {@code stand-in-version} feed a usage queue
 *   ({@link StandInUsage}).</li>
 * </ul>
 */
public final class StandInProxy {

    public static final String BANNER = "CLI Proxy API Server";
    private static final String MANAGEMENT = "/v0/management/";
    private static final AtomicBoolean FIRST_ANSWER = new AtomicBoolean();
    /** The first answer's instant, until it is noted. */
    private static final AtomicReference<Instant> FIRST_ANSWER_AT = new AtomicReference<>();
    /** When the first answer's last byte had been written to the socket. */
    private static final AtomicReference<Instant> FIRST_ANSWER_SENT = new AtomicReference<>();
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private StandInProxy() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("CLIProxyAPI Version: stand-in, Commit: none, BuiltAt: unknown");
        Path configFile = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config") || args[i].equals("-config")) {
                configFile = Path.of(args[i + 1]);
            }
        }
        if (configFile == null || !Files.isRegularFile(configFile)) {
            System.out.println("failed to load config: failed to read config file: " + configFile);
            return;
        }
        Config read = Config.read(configFile);
        Config config = read.secretKey.isEmpty() || SecretHash.isHash(read.secretKey)
                ? read : read.withSecretKey(SecretHash.replaceInConfig(configFile, read.secretKey));
        if (config.exitCode != null) {
            System.out.println("stand-in: told to exit at once with code " + config.exitCode);
            System.out.flush();
            System.exit(config.exitCode);
        }
        if (config.ignoreSigterm) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal ->
                    System.out.println("stand-in: ignoring SIGTERM"));
        }
        if (config.startupDelayMillis > 0) {
            Thread.sleep(config.startupDelayMillis);
        }
        // As Go's net/http does: without it each answer waits ~40 ms for a delayed ACK (headers and body are two
        // writes), a window in which a usage batch has left the queue but not reached its reader.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Bound only once it can serve (below), as Go's net/http listens and serves in one step: bound early, the
        // port accepted connections for tens of milliseconds before anything answered them.
        HttpServer server = HttpServer.create();
        Path logs = logsDirectory(configFile);
        StandInLogin login = StandInLogin.of(configFile, config.host, config.port, !config.secretKey.isEmpty(),
                exchange -> SecretHash.matches(managementKey(exchange), config.secretKey));
        StandInUsage usage = StandInUsage.start(logs.getParent(), config.usageRate, config.usageTotal,
                config.apiKeys.isEmpty() ? "" : config.apiKeys.getFirst());
        HttpHandler handler = exchange -> {
            if (StandInLogin.serves(exchange.getRequestURI().getPath())) {
                login.route(exchange);
            } else {
                route(exchange, config, logs, usage);
            }
        };
        server.createContext("/", handler);
        // Concurrent like the real proxy: a load test through the Node dashboard must not queue behind one thread.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        warmUp(handler, executor);
        Instant listening;
        try {
            server.bind(new InetSocketAddress(config.host, config.port), 50);
            listening = Instant.now(); // from here a connect succeeds: the Node dashboard answers at that instant
        } catch (BindException e) {
            System.out.println("proxy service exited with error: failed to start HTTP server: listen tcp :"
                    + config.port + ": bind: address already in use");
            return;
        }
        // Before the first answer: a SIGTERM that follows it at once (a stop right after a start) must find the
        // hook, which a hook added later missed ("Shutdown in progress") and the exit went unannounced.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            noteFirstAnswer(false);
            server.stop(0);
            // The benchmark measures how late stop notices the exit that follows.
            System.out.println("stand-in: exiting at " + Instant.now());
            System.out.flush();
            stopped.countDown();
        }));
        server.start();
        noteListening(listening);
        System.out.println("API server started successfully on: " + config.host + ":" + config.port);
        System.out.flush();
        stopped.await();
    }

    /** Where the real proxy writes its logs: {@code $WRITABLE_PATH/logs}, else beside its config. */
    private static Path logsDirectory(Path configFile) {
        String writable = System.getenv("WRITABLE_PATH");
        Path base = writable == null || writable.isBlank() ? configFile.toAbsolutePath().getParent() : Path.of(writable);
        return base.resolve("logs");
    }

    private static void route(HttpExchange exchange, Config config, Path logs, StandInUsage usage)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(MANAGEMENT)) {
            Management.route(exchange, config, logs, usage);
        } else if (path.equals(Management.STATS_PATH)) {
            send(exchange, 200, Management.stats());
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 404, "{\"error\":\"not found\"}");
        } else if (path.equals("/healthz") && !config.legacy) {
            boolean first = claimFirstAnswer();
            send(exchange, 200, "{\"status\":\"ok\"}");
            noteFirstAnswer(first);
        } else if (path.equals("/")) {
            boolean first = claimFirstAnswer();
            send(exchange, 200, "{\"message\":\"" + BANNER + "\",\"endpoints\":[\"POST /v1/chat/completions\","
                    + "\"POST /v1/completions\",\"GET /v1/models\"]}");
            noteFirstAnswer(first);
        } else if (path.equals("/v1/models")) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || authorization.isBlank()) {
                send(exchange, 401, "{\"error\":\"Missing API key\"}");
            } else if (!config.apiKeys.contains(authorization.replaceFirst("^Bearer ", ""))) {
                send(exchange, 401, "{\"error\":\"Invalid API key\"}");
            } else {
                send(exchange, 200, "{\"object\":\"list\",\"data\":["
                        + "{\"id\":\"gemini-2.5-pro\",\"object\":\"model\",\"created\":1750118400,\"owned_by\":\"google\"},"
                        + "{\"id\":\"gpt-5\",\"object\":\"model\",\"created\":1754524800,\"owned_by\":\"openai\"}]}");
            }
        } else {
            send(exchange, 404, "404 page not found");
        }
    }

    private static String managementKey(HttpExchange exchange) {
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        if (bearer != null && bearer.startsWith("Bearer ")) {
            return bearer.substring("Bearer ".length());
        }
        String key = exchange.getRequestHeaders().getFirst("X-Management-Key");
        return key == null ? "" : key;
    }

    /** {@code {"files":[{"name","size","modified":<unix s>}]}} newest first; none while full request logging is on. */
    private static String errorLogListing(Path logs, boolean requestLog) throws IOException {
        record LogFile(String name, long size, long modified) {
        }
        List<LogFile> files = new ArrayList<>();
        if (!requestLog && Files.isDirectory(logs)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(logs, "error-*.log")) {
                for (Path entry : entries) {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()) {
                        files.add(new LogFile(entry.getFileName().toString(), attributes.size(),
                                attributes.lastModifiedTime().to(TimeUnit.SECONDS)));
                    }
                }
            }
        }
        files.sort(Comparator.comparingLong(LogFile::modified).reversed());
        StringBuilder json = new StringBuilder("{\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            LogFile file = files.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(file.name()).append("\",\"size\":")
                    .append(file.size()).append(",\"modified\":").append(file.modified()).append('}');
        }
        return json.append("]}").toString();
    }

    /**
     * One health exchange on a throwaway loopback port before the proxy's own is bound: the real proxy answers its
     * first request as soon as it listens, while a JVM's first exchange spends about 100 ms loading and compiling
     * its way. Not the first answer the benchmark looks for.
     */
    private static void warmUp(HttpHandler handler, Executor executor) throws IOException {
        HttpServer warm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        warm.createContext("/", handler);
        warm.setExecutor(executor);
        warm.start();
        WARMING.set(true);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), warm.getAddress().getPort())) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } finally {
            WARMING.set(false);
            warm.stop(0);
        }
    }

    /**
     * When the port began to accept connections (the first instant anything could answer on it): printed, and
     * appended to the file {@code CLIPROXY_STANDIN_EVENTS} names if set, which benchmarks set for servers that do
     * not keep the proxy's output (the Node dashboard), to measure how late each notices a start.
     */
    private static void noteListening(Instant listening) {
        note("stand-in: listening at " + listening);
    }

    /**
     * Keeps the instant of the first answer to a health check (the warm-up's excepted), taken just before it is sent:
     * the benchmarks measure how late start notices it. Writing the note first cost this fresh JVM 1.5 to 2.5 ms,
     * which the instant charged to the control. True for the first answer.
     */
    private static boolean claimFirstAnswer() {
        if (!WARMING.get() && FIRST_ANSWER.compareAndSet(false, true)) {
            FIRST_ANSWER_AT.set(Instant.now());
            return true;
        }
        return false;
    }

    /**
     * Notes the kept instant as {@link #noteListening} does, once: after the answer is sent, or at the exit if a stop
     * came first (whoever read the answer and stopped the stand-in at once finds the line). After the first answer
     * ({@code sent}), the line also has the instant its last byte was written: this JVM's own sending, cold, takes
     * a millisecond or more that a Go proxy's does not, and the benchmarks report the lag from both instants.
     */
    private static void noteFirstAnswer(boolean sent) {
        if (sent) {
            FIRST_ANSWER_SENT.set(Instant.now());
        }
        synchronized (FIRST_ANSWER_AT) {
            Instant answered = FIRST_ANSWER_AT.getAndSet(null);
            if (answered != null) {
                Instant written = FIRST_ANSWER_SENT.get();
                note("stand-in: first answered at " + answered + (written == null ? "" : " (sent at " + written + ")"));
            }
        }
    }

    /** Prints {@code line} and appends it to the {@code CLIPROXY_STANDIN_EVENTS} file if one is named. */
    private static void note(String line) {
        System.out.println(line);
        System.out.flush();
        String events = System.getenv("CLIPROXY_STANDIN_EVENTS");
        if (events != null && !events.isBlank()) {
            try {
                Files.writeString(Path.of(events), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.out.println("stand-in: could not note \"" + line + "\" in " + events + ": " + e.getMessage());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8), body.startsWith("{")
                ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The few config keys the stand-in reads; a line parser is enough for the flat YAML the tests write. */
    private record Config(String host, int port, List<String> apiKeys, Integer exitCode, boolean ignoreSigterm,
                          long startupDelayMillis, boolean legacy, String secretKey, boolean requestLog,
                          Path file, Map<String, String> scalars, int usageRate, long usageTotal, String version) {

        Config withSecretKey(String hash) {
            return new Config(host, port, apiKeys, exitCode, ignoreSigterm, startupDelayMillis, legacy, hash,
                    requestLog, file, scalars, usageRate, usageTotal, version);
        }

        static Config read(Path file) throws IOException {
            Map<String, String> scalars = new HashMap<>();
            List<String> apiKeys = new ArrayList<>();
            boolean inApiKeys = false;
            boolean inManagement = false;
            String secretKey = "";
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                if (inApiKeys && line.strip().startsWith("- ")) {
                    apiKeys.add(unquote(line.strip().substring(2)));
                    continue;
                }
                if (inManagement && line.startsWith(" ") && line.strip().startsWith("secret-key:")) {
                    secretKey = unquote(line.strip().substring("secret-key:".length()).strip());
                    continue;
                }
                inApiKeys = false;
                if (!line.startsWith(" ")) {
                    inManagement = line.startsWith("remote-management:");
                }
                if (!line.startsWith(" ") && line.contains(":")) {
                    String key = line.substring(0, line.indexOf(':')).strip();
                    String value = line.substring(line.indexOf(':') + 1).strip();
                    if (key.equals("api-keys") && value.isEmpty()) {
                        inApiKeys = true;
                    } else {
                        scalars.put(key, unquote(value));
                    }
                }
            }
            String host = scalars.getOrDefault("host", "");
            return new Config(host.isEmpty() ? "0.0.0.0" : host,
                    Integer.parseInt(scalars.getOrDefault("port", "8317")), apiKeys,
                    scalars.containsKey("stand-in-exit-code")
                            ? Integer.valueOf(scalars.get("stand-in-exit-code")) : null,
                    Boolean.parseBoolean(scalars.get("stand-in-ignore-sigterm")),
                    Long.parseLong(scalars.getOrDefault("stand-in-startup-delay-ms", "0")),
                    Boolean.parseBoolean(scalars.get("stand-in-legacy")), secretKey,
                    Boolean.parseBoolean(scalars.get("request-log")), file, Map.copyOf(scalars),
                    Integer.parseInt(scalars.getOrDefault("stand-in-usage-rate", "0")),
                    Long.parseLong(scalars.getOrDefault("stand-in-usage-total", "-1")),
                    scalars.getOrDefault("stand-in-version", "v6.10.8"));
        }

        private static String unquote(String value) {
            return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
        }
    }

    /**
     * The stand-in's management API ({@code /v0/management/*}), as CLIProxyAPI's behaves where the tests depend on
     * it: every answer carries {@code X-CPA-VERSION} (the config's {@code stand-in-version}, else {@code stand-in}),
     * refusals included; no {@code secret-key} means no routes (a plain 404); a missing or wrong key is a 401 that
     * counts as a failed login, and five of them without a success in between ban the caller's address (403);
     * {@link #STATS_PATH} tells how many requests and failed logins came. Routes: {@code debug}, the usage routes
     * ({@link StandInUsage}), {@code api-keys}, {@code config.yaml} (GET, and PUT that writes the file),
     * {@code request-error-logs} and {@code request-error-logs/<name>}, {@code auth-files} and
     * {@code auth-files/download?name=} (the config's {@code auth-dir}, else {@code auth/} beside the config).
     */
    static final class Management {

        /** Not a CLIProxyAPI route: the stand-in's own counters, for tests that must see no retry storm. */
        static final String STATS_PATH = "/stand-in/management-stats";
        private static final int MAX_FAILURES = 5;
        private static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();
        private static final AtomicInteger REQUESTS = new AtomicInteger();
        private static final AtomicInteger FAILED = new AtomicInteger();

        private Management() {
        }

        static String stats() {
            return "{\"requests\":" + REQUESTS.get() + ",\"failedLogins\":" + FAILED.get() + "}";
        }

        static void route(HttpExchange exchange, Config config, Path logs, StandInUsage usage) throws IOException {
            REQUESTS.incrementAndGet();
            boolean usageRoute = StandInUsage.serves(exchange.getRequestURI().getPath());
            // The usage routes' answers name a release (v6.10.8 unless told), which picks the collector's feed.
            exchange.getResponseHeaders().set("X-CPA-VERSION", usageRoute ? config.version()
                    : config.scalars().getOrDefault("stand-in-version", "stand-in"));
            exchange.getResponseHeaders().set("X-CPA-COMMIT", "none");
            if (config.secretKey().isEmpty()) {
                send(exchange, 404, "404 page not found");
                return;
            }
            String caller = exchange.getRemoteAddress().getAddress().getHostAddress();
            if (FAILURES.getOrDefault(caller, 0) >= MAX_FAILURES) {
                send(exchange, 403, "{\"error\":\"IP banned due to too many failed attempts. Try again in 30m0s\"}");
                return;
            }
            String key = managementKey(exchange);
            if (key.isEmpty() || !SecretHash.matches(key, config.secretKey())) {
                FAILED.incrementAndGet();
                FAILURES.merge(caller, 1, Integer::sum);
                send(exchange, 401, key.isEmpty() ? "{\"error\":\"missing management key\"}"
                        : "{\"error\":\"invalid management key\"}");
                return;
            }
            FAILURES.remove(caller);
            if (usageRoute) {
                usage.answer(exchange, config.version());
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath().substring(MANAGEMENT.length());
            switch (method + " " + (path.startsWith("request-error-logs/") ? "request-error-logs/" : path)) {
                case "GET debug" -> send(exchange, 200, "{\"debug\":false}");
                case "GET api-keys" -> send(exchange, 200, "{\"api-keys\":" + jsonList(config.apiKeys()) + "}");
                case "GET config.yaml" -> send(exchange, 200, Files.readAllBytes(config.file()),
                        "application/yaml; charset=utf-8");
                case "PUT config.yaml" -> putConfig(exchange, config.file());
                case "GET request-error-logs" -> send(exchange, 200, errorLogListing(logs, config.requestLog()));
                case "GET request-error-logs/" -> download(exchange, logs,
                        path.substring("request-error-logs/".length()), "error-", ".log");
                case "GET auth-files" -> send(exchange, 200, authFiles(authDirectory(config)));
                case "GET auth-files/download" -> download(exchange, authDirectory(config),
                        query(exchange, "name"), "", ".json");
                default -> send(exchange, 404, "404 page not found");
            }
        }

        private static void putConfig(HttpExchange exchange, Path file) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!new String(body, StandardCharsets.UTF_8).contains(":")) {
                send(exchange, 400, "{\"error\":\"invalid_yaml\",\"message\":\"not a YAML mapping\"}");
                return;
            }
            Files.write(file, body);
            send(exchange, 200, "{\"ok\":true,\"changed\":[\"config\"]}");
        }

        /** A file of {@code directory} by a plain name of the given form, as the proxy serves logs and auth files. */
        private static void download(HttpExchange exchange, Path directory, String name, String prefix,
                                     String suffix) throws IOException {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")
                    || !name.startsWith(prefix) || !name.endsWith(suffix)) {
                send(exchange, 400, "{\"error\":\"invalid name\"}");
                return;
            }
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                send(exchange, 404, "{\"error\":\"file not found\"}");
                return;
            }
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
            send(exchange, 200, Files.readAllBytes(file), "application/octet-stream");
        }

        private static Path authDirectory(Config config) {
            String dir = config.scalars().getOrDefault("auth-dir", "");
            return dir.isBlank() ? config.file().toAbsolutePath().getParent().resolve("auth") : Path.of(dir);
        }

        /** {@code {"files":[{"name","type","email","size","modtime","source":"file","path","auth_index"}]}}. */
        private static String authFiles(Path directory) throws IOException {
            List<String> entries = new ArrayList<>();
            if (Files.isDirectory(directory)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                    for (Path file : files) {
                        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                            continue;
                        }
                        String content = Files.readString(file);
                        String type = field(content, "type");
                        entries.add("{\"id\":" + json(file.getFileName().toString()) + ",\"auth_index\":"
                                + json(Integer.toHexString(file.getFileName().toString().hashCode()))
                                + ",\"name\":" + json(file.getFileName().toString())
                                + ",\"type\":" + json(type) + ",\"provider\":" + json(type)
                                + ",\"email\":" + json(field(content, "email"))
                                + ",\"size\":" + Files.size(file)
                                + ",\"modtime\":" + json(Files.getLastModifiedTime(file).toInstant().toString())
                                + ",\"source\":\"file\",\"path\":" + json(file.toAbsolutePath().toString()) + "}");
                    }
                }
            }
            entries.sort(null);
            return "{\"files\":[" + String.join(",", entries) + "]}";
        }

        private static String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"")
                    .matcher(json);
            return m.find() ? m.group(1) : "";
        }

        private static String query(HttpExchange exchange, String name) {
            String query = exchange.getRequestURI().getRawQuery();
            if (query == null) {
                return "";
            }
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                }
            }
            return "";
        }

        private static String jsonList(List<String> values) {
            List<String> quoted = new ArrayList<>();
            values.forEach(value -> quoted.add(json(value)));
            return "[" + String.join(",", quoted) + "]";
        }

        private static String json(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }

    /**
     * The stand-in's one-way hash of a management secret: {@code $2a$10$}, a 22-character salt, then the SHA-256 of
     * salt and secret. Shaped like bcrypt's, so readers treat it as the real proxy's hash; cheap, since only its
     * one-wayness matters here.
     */
    static final class SecretHash {

        private static final String PREFIX = "$2a$10$";
        private static final int SALT_LENGTH = 22;

        private SecretHash() {
        }

        static boolean isHash(String value) {
            return value.startsWith("$2a$") || value.startsWith("$2b$") || value.startsWith("$2y$");
        }

        static String of(String secret) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            return with(Base64.getEncoder().withoutPadding().encodeToString(salt), secret);
        }

        static boolean matches(String candidate, String hash) {
            if (!hash.startsWith(PREFIX) || hash.length() < PREFIX.length() + SALT_LENGTH) {
                return false;
            }
            String salt = hash.substring(PREFIX.length(), PREFIX.length() + SALT_LENGTH);
            return MessageDigest.isEqual(with(salt, candidate).getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8));
        }

        /** Replaces the config's {@code remote-management.secret-key} line with the hash, as the proxy does. */
        static String replaceInConfig(Path configFile, String secret) throws IOException {
            String hash = of(secret);
            List<String> lines = new ArrayList<>(Files.readAllLines(configFile));
            boolean inManagement = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith(" ") && !line.isBlank() && !line.strip().startsWith("#")) {
                    inManagement = line.startsWith("remote-management:");
                } else if (inManagement && line.strip().startsWith("secret-key:")) {
                    lines.set(i, line.substring(0, line.indexOf("secret-key:")) + "secret-key: \"" + hash + "\"");
                }
            }
            Files.write(configFile, lines);
            return hash;
        }

        private static String with(String salt, String secret) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest((salt + secret).getBytes(StandardCharsets.UTF_8));
                return PREFIX + salt + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
