package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One section of the control settings as it was parsed (a mapping of plain values), read key by key: a missing key
 * takes its default, anything else of the wrong type or range is refused with a message naming
 * {@code <section>.<key>}. The one reader every modelled section uses.
 */
record SettingsSection(String name, Map<?, ?> values) {

    /** Refuses a key that is not one of {@code known} (listed in that order in the message). */
    SettingsSection onlyKeys(List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (Object key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw SupervisionSettings.invalid(name + " has no setting " + quoted(key) + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    boolean bool(String key, boolean absent) {
        Object value = values.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            throw SupervisionSettings.invalid(path(key) + " must be true or false");
        }
        return b;
    }

    int wholeNumber(String key, int absent) {
        Object value = values.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() > Integer.MAX_VALUE
                || ((Number) value).longValue() < Integer.MIN_VALUE) {
            throw SupervisionSettings.invalid(path(key) + " must be a whole number");
        }
        return ((Number) value).intValue();
    }

    Duration duration(String key, Duration absent) {
        Object value = values.get(key);
        if (value == null) {
            return absent;
        }
        return (value instanceof String text ? SettingsDuration.parse(text) : Optional.<Duration>empty())
                .orElseThrow(() -> SupervisionSettings.invalid(path(key)
                        + " must be a duration such as 500ms, 1s, 10m or 2h"));
    }

    Optional<String> text(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw SupervisionSettings.invalid(path(key) + " must be a non-empty text");
        }
        return Optional.of(text);
    }

    /** A list of texts; empty when the key is absent. */
    List<String> texts(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw SupervisionSettings.invalid(path(key) + " must be a list of texts");
        }
        List<String> texts = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw SupervisionSettings.invalid(path(key) + " must be a list of texts");
            }
            texts.add(text);
        }
        return List.copyOf(texts);
    }

    /** A mapping of sub-sections by name; empty when the key is absent. */
    Map<?, ?> mapping(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw SupervisionSettings.invalid(path(key) + " must be a mapping");
        }
        return map;
    }

    String path(String key) {
        return name + "." + key;
    }

    static String quoted(Object key) {
        String text = String.valueOf(key);
        return '"' + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + '"';
    }
}
