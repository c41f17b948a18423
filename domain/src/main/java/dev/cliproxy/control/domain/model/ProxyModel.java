package dev.cliproxy.control.domain.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model the proxy serves, with every field the proxy gave, in the proxy's order. Field values are plain JSON
 * values: {@code String}, {@code Number}, {@code Boolean}, {@code null}, {@code List} or {@code Map}.
 */
public record ProxyModel(String id, Optional<String> ownedBy, Map<String, Object> fields) {

    public ProxyModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownedBy, "ownedBy");
        // Not Map.copyOf: the proxy's field order is kept and JSON null is a legal value.
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
