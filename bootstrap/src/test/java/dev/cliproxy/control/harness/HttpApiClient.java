package dev.cliproxy.control.harness;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API on loopback, with the JDK client. Checks what holds for every answer on the way: an error is a JSON
 * object with a string {@code error}, never an HTML page or a stack trace.
 */
final class HttpApiClient implements ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final TestHttpClient http;

    HttpApiClient(URI server) {
        this.http = TestHttpClient.at(server + "/api/cliproxy").withTimeout(TIMEOUT);
    }

    @Override
    public ApiAnswer status() {
        return get("/proxy-status");
    }

    @Override
    public ApiAnswer start() {
        return send(request("/proxy-start").POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Override
    public ApiAnswer stop() {
        return send(request("/proxy-stop").POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Override
    public ApiAnswer updateCheck() {
        return get("/update-check");
    }

    @Override
    public ApiAnswer models() {
        return get("/models");
    }

    @Override
    public ApiAnswer listErrorLogs() {
        return get("/error-logs");
    }

    @Override
    public ApiAnswer readErrorLog(String name) {
        return get("/error-logs/" + encode(name));
    }

    @Override
    public ApiAnswer readConfig() {
        return get("/config.yaml");
    }

    @Override
    public ApiAnswer readConfigBackup() {
        return get("/config.yaml/backup");
    }

    @Override
    public ApiAnswer writeConfig(String content, Optional<String> ifMatch) {
        try {
            HttpRequest.Builder request = request("/config.yaml").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("content", content))));
            ifMatch.ifPresent(tag -> request.header("If-Match", tag));
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ApiAnswer listAuthFiles() {
        return get("/auth-files");
    }

    @Override
    public ApiAnswer downloadAuthFile(String name) {
        return get("/auth-files/download?name=" + encode(name));
    }

    @Override
    public ApiAnswer quota(String provider, String accountId) {
        return get("/quota/" + encode(provider) + "/" + encode(accountId));
    }

    @Override
    public ApiAnswer importAccount(byte[] tokenFile, Optional<String> name, boolean replace) {
        String query = name.map(n -> "?name=" + encode(n) + "&").orElse("?") + "replace=" + replace;
        return send(request("/accounts/import" + query).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tokenFile)));
    }

    @Override
    public ApiAnswer deleteAccount(String provider, String accountId) {
        return send(request("/accounts/" + encode(provider) + "/" + encode(accountId)).DELETE());
    }

    @Override
    public ApiAnswer restoreAccount(String provider, String accountId) {
        return send(request("/accounts/" + encode(provider) + "/" + encode(accountId) + "/restore")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Override
    public ApiAnswer usageReport(long from, long to, List<String> groupBy) {
        return get("/usage?from=" + from + "&to=" + to
                + (groupBy.isEmpty() ? "" : "&groupBy=" + encode(String.join(",", groupBy))));
    }

    @Override
    public ApiAnswer usagePages(long from, long to, int limit) {
        List<Object> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            ApiAnswer page = get("/usage/requests?from=" + from + "&to=" + to + "&limit=" + limit
                    + cursor.map(c -> "&cursor=" + encode(c)).orElse(""));
            if (page.status() != 200) {
                return page;
            }
            pages.add(page.json());
            cursor = Optional.ofNullable((String) page.get("next"));
        } while (cursor.isPresent());
        return ApiAnswer.ok(Map.of("pages", pages));
    }

    @Override
    public ApiAnswer usageExport(long from, long to, String format) {
        ApiAnswer export = get("/usage/export?from=" + from + "&to=" + to + "&format=" + encode(format));
        if (export.status() != 200) {
            return export;
        }
        List<Object> records = new ArrayList<>();
        List<String> lines = export.text().lines().toList();
        if (format.equals("jsonl")) {
            for (String line : lines) {
                try {
                    records.add(JSON.readValue(line, OBJECT));
                } catch (IOException e) {
                    throw new AssertionError("an export line is not JSON: " + line, e);
                }
            }
        } else {
            List<String> header = csvCells(lines.getFirst());
            for (String line : lines.subList(1, lines.size())) {
                List<String> cells = csvCells(line);
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    record.put(header.get(i), cells.get(i));
                }
                records.add(record);
            }
        }
        return ApiAnswer.ok(Map.of("records", records));
    }

    /** The cells of one CSV line (RFC 4180: a quoted cell doubles its quotes; the harness' texts hold no newline). */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return http.request(path);
    }

    private ApiAnswer get(String path) {
        return send(request(path).GET());
    }

    private ApiAnswer send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        HttpRequest built = response.request();
        String type = response.headers().firstValue("Content-Type").orElse("");
        Optional<String> etag = response.headers().firstValue("ETag");
        boolean json = type.startsWith("application/json");
        if (response.statusCode() >= 400 && !json) {
            throw new AssertionError(built.method() + " " + built.uri().getRawPath() + " answered "
                    + response.statusCode() + " with " + type + ", not JSON: "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        if (!json) {
            return new ApiAnswer(response.statusCode(), Map.of(), response.body(), etag);
        }
        try {
            Map<String, Object> body = JSON.readValue(response.body(), OBJECT);
            if (response.statusCode() >= 400 && !(body.get("error") instanceof String)) {
                throw new AssertionError(built.uri().getRawPath() + " answered " + response.statusCode()
                        + " without a string error: " + body);
            }
            return new ApiAnswer(response.statusCode(), body, response.body(), etag);
        } catch (IOException e) {
            throw new AssertionError(built.uri().getRawPath() + " answered malformed JSON", e);
        }
    }
}
