package dev.cliproxy.control.testkit.arbitrary;

import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An error log as CLIProxyAPI writes it (cliproxyapi.md §4.3), or as the API document shows one, with what its
 * structure tells: the response status and the requested model that the log's reader must find in it.
 */
public record ErrorLogFile(String name, Format format, String content, OptionalInt statusCode, Optional<String> model) {

    /**
     * v6 ends sections with one blank line and reports the upstream error; v7 ends them with two; DOCUMENT is the
     * API document's example layout ({@code === Request ===} with an HTTP request, {@code === Response ===}).
     */
    public enum Format { V6, V7, DOCUMENT }

    public ErrorLogFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(model, "model");
    }

    public ErrorLogMetadata metadata() {
        return new ErrorLogMetadata(statusCode, model);
    }

    @Override
    public String toString() {
        return name + " (" + format + ", status " + (statusCode.isPresent() ? statusCode.getAsInt() : "-")
                + ", model " + model.orElse("-") + ", " + content.length() + " chars)";
    }
}
