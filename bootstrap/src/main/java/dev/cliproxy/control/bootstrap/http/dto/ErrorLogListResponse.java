package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import java.util.List;

/**
 * {@code GET /error-logs}:
 * {@code {"files":[{"name","size","mtime","modified","absolutePath","statusCode"?,"model"?}]}}.
 */
public record ErrorLogListResponse(List<Item> files) {

    public static ErrorLogListResponse from(List<ErrorLogEntry> entries) {
        return new ErrorLogListResponse(entries.stream().map(Item::from).toList());
    }

    /**
     * One log; {@code statusCode} and {@code model} are left out when the file does not tell them. {@code mtime} is
     * in epoch milliseconds (the API document), {@code modified} the same instant in epoch seconds (CLIProxyAPI's
     * management API and the Node dashboard's page, which multiplies it by 1000).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String name, long size, long mtime, long modified, String absolutePath, Integer statusCode,
                       String model) {

        static Item from(ErrorLogEntry entry) {
            var metadata = entry.metadata();
            return new Item(entry.file().name(), entry.file().size(), entry.file().modified().toEpochMilli(),
                    entry.file().modified().getEpochSecond(), entry.absolutePath().toString(),
                    metadata.statusCode().isPresent() ? metadata.statusCode().getAsInt() : null,
                    metadata.model().orElse(null));
        }
    }
}
