package dev.cliproxy.control.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * can no longer be read back from the config. Extra config keys, which the real proxy ignores, change its
 * behaviour:
 * <ul>
 *   <li>{@code stand-in-startup-delay-ms: N} waits N ms before listening;</li>
 *   <li>{@code stand-in-exit-code: N} prints an error and exits at once with code N;</li>
 *   <li>{@code stand-in-ignore-sigterm: true} ignores SIGTERM (only a kill stops it);</li>
 *   <li>{@code stand-in-legacy: true} has no {@code /healthz}, as proxies before v6.9.10;</li>
 *   <li>{@code stand-in-usage-rate}, {@code stand-in-usage-total} and {@code stand-in-version} feed a usage queue
 *   ({@link StandInUsage}).</li>
 * </ul>
 */
public final class StandInProxy {

    public static final String BANNER = "CLI Proxy API Server";
    private static final AtomicBoolean FIRST_ANSWER = new AtomicBoolean();

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
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host, config.port), 50);
        } catch (BindException e) {
            System.out.println("proxy service exited with error: failed to start HTTP server: listen tcp :"
                    + config.port + ": bind: address already in use");
            return;
        }
        Path logs = logsDirectory(configFile);
        StandInUsage usage = StandInUsage.start(logs.getParent(), config.usageRate, config.usageTotal,
                config.apiKeys.isEmpty() ? "" : config.apiKeys.getFirst());
        server.createContext("/", exchange -> route(exchange, config, logs, usage));
        // Concurrent like the real proxy: a load test through the Node dashboard must not queue behind one thread.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("API server started successfully on: " + config.host + ":" + config.port);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            // The benchmark measures how late stop notices the exit that follows.
            System.out.println("stand-in: exiting at " + Instant.now());
            System.out.flush();
            stopped.countDown();
        }));
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
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 404, "{\"error\":\"not found\"}");
        } else if (path.equals("/healthz") && !config.legacy) {
            send(exchange, 200, "{\"status\":\"ok\"}");
            noteFirstAnswer();
        } else if (path.equals("/")) {
            send(exchange, 200, "{\"message\":\"" + BANNER + "\",\"endpoints\":[\"POST /v1/chat/completions\","
                    + "\"POST /v1/completions\",\"GET /v1/models\"]}");
            noteFirstAnswer();
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
        } else if (StandInUsage.serves(path)) {
            usageRoute(exchange, config, usage);
        } else if (path.equals("/v0/management/request-error-logs")) {
            if (config.secretKey.isEmpty()) {
                send(exchange, 404, "404 page not found");
            } else if (!SecretHash.matches(managementKey(exchange), config.secretKey)) {
                send(exchange, 401, "{\"error\":\"invalid management key\"}");
            } else {
                send(exchange, 200, errorLogListing(logs, config.requestLog));
            }
        } else {
            send(exchange, 404, "404 page not found");
        }
    }

    /** The usage routes, behind the management key as the real ones; every answer names the version. */
    private static void usageRoute(HttpExchange exchange, Config config, StandInUsage usage) throws IOException {
        if (config.secretKey.isEmpty()) {
            send(exchange, 404, "404 page not found");
        } else if (!SecretHash.matches(managementKey(exchange), config.secretKey)) {
            StandInUsage.send(exchange, config.version, 401, "{\"error\":\"invalid management key\"}");
        } else {
            usage.answer(exchange, config.version);
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

    /** When the port first answered a health check: the benchmark measures how late start notices it. */
    private static void noteFirstAnswer() {
        if (FIRST_ANSWER.compareAndSet(false, true)) {
            System.out.println("stand-in: first answered at " + Instant.now());
            System.out.flush();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{")
                ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The few config keys the stand-in reads; a line parser is enough for the flat YAML the tests write. */
    private record Config(String host, int port, List<String> apiKeys, Integer exitCode, boolean ignoreSigterm,
                          long startupDelayMillis, boolean legacy, String secretKey, boolean requestLog,
                          int usageRate, long usageTotal, String version) {

        Config withSecretKey(String hash) {
            return new Config(host, port, apiKeys, exitCode, ignoreSigterm, startupDelayMillis, legacy, hash,
                    requestLog, usageRate, usageTotal, version);
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
                    Boolean.parseBoolean(scalars.get("request-log")),
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
