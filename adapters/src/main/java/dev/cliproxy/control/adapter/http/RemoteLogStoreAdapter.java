package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.LogStorePort;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The error logs of a proxy on another host, through its management API ({@code GET request-error-logs} and
 * {@code request-error-logs/<name>}). What a log's content tells is not read ahead: that would download every log
 * of the listing, so each has {@link ErrorLogMetadata#NONE}; its directory on that host is not told either, so
 * {@link #directory()} is the empty path and each log's path is its name.
 */
public final class RemoteLogStoreAdapter implements LogStorePort {

    /** The proxy keeps few error logs (ten by default), each of a request's size: a log past this is refused. */
    static final int MAX_LOG_BYTES = 32 * 1024 * 1024;

    private final RemoteProxyClient client;

    public RemoteLogStoreAdapter(RemoteProxyClient client) {
        this.client = client;
    }

    @Override
    public Path directory() {
        return Path.of("");
    }

    @Override
    public List<StoredFile> list() {
        List<StoredFile> logs = new ArrayList<>();
        for (JsonNode file : client.managementJson("request-error-logs").path("files")) {
            String name = file.path("name").asText("");
            if (ErrorLogName.parse(name).isPresent()) {
                logs.add(new StoredFile(name, Math.max(0, file.path("size").asLong(0)),
                        Instant.ofEpochSecond(file.path("modified").asLong(0))));
            }
        }
        return logs;
    }

    @Override
    public ErrorLogMetadata metadata(StoredFile file) {
        return ErrorLogMetadata.NONE;
    }

    @Override
    public Optional<FileContent> open(ErrorLogName name) {
        String path = "request-error-logs/" + URLEncoder.encode(name.value(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> answer = client.management(HttpRequest.newBuilder().GET(), path, MAX_LOG_BYTES);
        return answer.statusCode() == 200
                ? Optional.of(new FileContent(answer.body().length, new ByteArrayInputStream(answer.body())))
                : Optional.empty();
    }
}
