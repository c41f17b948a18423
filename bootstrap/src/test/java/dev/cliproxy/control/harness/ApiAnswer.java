package dev.cliproxy.control.harness;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one operation answered, the same way whether it went through the facade or over HTTP: the contract's
 * status, the JSON body as maps and lists (the contract's field names), the raw bytes of a file download, and the
 * entity tag of a config read.
 */
record ApiAnswer(int status, Map<String, Object> json, byte[] bytes, Optional<String> etag) {

    ApiAnswer {
        json = json == null ? Map.of() : json;
        bytes = bytes == null ? new byte[0] : bytes;
        Objects.requireNonNull(etag, "etag");
    }

    static ApiAnswer ok(Map<String, Object> json) {
        return new ApiAnswer(200, json, null, Optional.empty());
    }

    static ApiAnswer file(byte[] bytes, Optional<String> etag) {
        return new ApiAnswer(200, Map.of(), bytes, etag);
    }

    static ApiAnswer error(int status, String error) {
        return new ApiAnswer(status, Map.of("error", error), null, Optional.empty());
    }

    String error() {
        return String.valueOf(json.get("error"));
    }

    Object get(String field) {
        return json.get(field);
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return status + " " + (json.isEmpty() ? bytes.length + " bytes" : json);
    }
}
