package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.AuthFileName;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The token files of a proxy on another host, through its management API: {@code GET auth-files} lists them with
 * what the proxy read in each ({@code type}, {@code email}), {@code GET auth-files/download?name=} serves one.
 * Only files on its disk ({@code source} {@code file}) whose names a download accepts are listed.
 */
final class RemoteAuthFiles {

    /** Token files are small; anything larger is not one. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private final RemoteProxyClient client;

    RemoteAuthFiles(RemoteProxyClient client) {
        this.client = client;
    }

    /** One file as the proxy lists it. */
    record Entry(String name, long size, Instant modified, Optional<String> type, Optional<String> email) {
    }

    List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode file : client.managementJson("auth-files").path("files")) {
            String name = file.path("name").asText("");
            boolean onDisk = !file.has("source") || "file".equals(file.path("source").asText());
            if (onDisk && AuthFileName.parse(name).isPresent()) {
                entries.add(new Entry(name, Math.max(0, file.path("size").asLong(0)),
                        instant(file.path("modtime")).or(() -> instant(file.path("updated_at"))).orElse(Instant.EPOCH),
                        text(file, "type").or(() -> text(file, "provider")), text(file, "email")));
            }
        }
        return entries;
    }

    /** The file's bytes; empty when the proxy has no such file. */
    Optional<byte[]> download(String name) {
        String path = "auth-files/download?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpResponse<byte[]> answer = client.management(HttpRequest.newBuilder().GET(), path, MAX_FILE_BYTES);
        // 404: no such file; 400: a name the proxy will not serve (it wants .json), so none here either.
        return answer.statusCode() == 200 ? Optional.of(answer.body()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }
}
