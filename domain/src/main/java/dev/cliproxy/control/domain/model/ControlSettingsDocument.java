package dev.cliproxy.control.domain.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The control settings as stored, with the entity tag of what {@link ControlSettings#publicTree()} shows: equal
 * visible settings have equal tags, and a tag never depends on a secret (it is shown, a secret is not).
 */
public record ControlSettingsDocument(ControlSettings settings, EntityTag etag) {

    public ControlSettingsDocument {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(etag, "etag");
    }

    /** The document of {@code settings}, its tag computed from their visible part. */
    public static ControlSettingsDocument of(ControlSettings settings) {
        StringBuilder canonical = new StringBuilder();
        canonical(settings.publicTree(), canonical);
        return new ControlSettingsDocument(settings, EntityTag.of(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A text that tells every value apart by type and content (a string "1" from the number 1). */
    private static void canonical(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append('~');
            case Map<?, ?> map -> {
                out.append('{');
                map.forEach((key, inner) -> {
                    canonical(key, out);
                    out.append(':');
                    canonical(inner, out);
                    out.append(',');
                });
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                list.forEach(inner -> {
                    canonical(inner, out);
                    out.append(',');
                });
                out.append(']');
            }
            case String text -> out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            case Integer whole -> out.append('N').append(whole);
            case Long whole -> out.append('N').append(whole);
            default -> out.append(value.getClass().getSimpleName().charAt(0)).append(value);
        }
    }
}
