package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The control server's own settings ({@code cliproxy/control.yaml}), in sections: {@code supervision} is modelled
 * here; {@code automation} ({@link #automation()}), {@code alerts} ({@link #alerts()}) and {@code fleet}
 * ({@link FleetSettings}) are checked when read and kept as written; every other top-level section is kept as it is (a mapping of plain values), so that a capability
 * added later, or a newer version of this program, finds its section intact after an older one saved the file.
 *
 * <p>Secrets are write-only: a key whose name ends in {@code secret}, {@code token}, {@code password},
 * {@code apiKey} or {@code managementKey} (any case, at any depth of a section) is never shown by
 * {@link #publicTree()}, and a write that leaves it out keeps the stored value ({@link #keepingSecretsOf}).
 */
public record ControlSettings(SupervisionSettings supervision, Map<String, Object> otherSections) {

    /** The {@code error} text of every refusal of settings. */
    public static final String INVALID = ErrorCode.INVALID_SETTINGS.error();
    public static final String SUPERVISION = "supervision";
    public static final String AUTOMATION = "automation";
    public static final String ALERTS = "alerts";
    public static final ControlSettings DEFAULTS = new ControlSettings(SupervisionSettings.DEFAULTS, Map.of());

    private static final Pattern SECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(secret|token|password|api[-_]?key|management[-_]?key)");
    private static final List<String> SUPERVISION_KEYS = List.of("enabled", "maxCrashes", "crashWindow",
            "initialBackoff", "maxBackoff");
    private static final int MAX_DEPTH = 16;

    public ControlSettings {
        Objects.requireNonNull(supervision, "supervision");
        if (otherSections.containsKey(SUPERVISION)) {
            throw new IllegalArgumentException("supervision is not another section");
        }
        otherSections = frozen(otherSections, 0);
    }

    /** The same settings with another {@code section} named {@code name} (not {@code supervision}). */
    public ControlSettings withSection(String name, Map<String, ?> section) {
        Map<String, Object> others = new LinkedHashMap<>(otherSections);
        others.put(name, section);
        return new ControlSettings(supervision, others);
    }

    /** The same settings with another supervision section. */
    public ControlSettings withSupervision(SupervisionSettings section) {
        return new ControlSettings(section, otherSections);
    }

    /**
     * Reads settings from a parsed document (JSON or YAML: maps, lists, strings, numbers, booleans, nulls). A
     * missing section or key takes its default; an unknown key of a modelled section, a wrong type or a value out
     * of range is refused with {@link InvalidInputException} naming the key.
     */
    public static ControlSettings fromTree(Object tree) {
        if (tree == null) {
            return DEFAULTS;
        }
        if (!(tree instanceof Map<?, ?> root)) {
            throw SupervisionSettings.invalid("the settings must be a mapping of sections");
        }
        SupervisionSettings supervision = SupervisionSettings.DEFAULTS;
        Map<String, Object> others = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : root.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !SECTION_NAME.matcher(name).matches()) {
                throw SupervisionSettings.invalid("a section name must be a letter then letters, digits, - or _");
            }
            if (!(entry.getValue() instanceof Map<?, ?> section)) {
                throw SupervisionSettings.invalid(name + " must be a mapping");
            }
            if (name.equals(SUPERVISION)) {
                supervision = supervision(section);
            } else {
                // Modelled sections are checked now, so that nothing invalid is ever stored, and kept as written.
                switch (name) {
                    case AUTOMATION -> QuotaAutomationSettings.of(Optional.of(new SettingsSection(name, section)));
                    case ALERTS -> AlertSettings.of(Optional.of(new SettingsSection(name, section)));
                    case FleetSettings.SECTION -> FleetSettings.fromSection(section);
                    case UsageSettings.SECTION -> UsageSettings.fromSection(section);
                    default -> { }
                }
                others.put(name, section);
            }
        }
        return new ControlSettings(supervision, others);
    }

    private static SupervisionSettings supervision(Map<?, ?> values) {
        SettingsSection section = new SettingsSection(SUPERVISION, values).onlyKeys(SUPERVISION_KEYS);
        SupervisionSettings d = SupervisionSettings.DEFAULTS;
        return new SupervisionSettings(
                section.bool("enabled", d.enabled()),
                section.wholeNumber("maxCrashes", d.maxCrashes()),
                section.duration("crashWindow", d.crashWindow()),
                section.duration("initialBackoff", d.initialBackoff()),
                section.duration("maxBackoff", d.maxBackoff()));
    }

    /** The {@code automation} section: the quota automation's policy (its defaults when the section is absent). */
    public QuotaAutomationSettings automation() {
        return QuotaAutomationSettings.of(section(AUTOMATION));
    }

    /** The {@code alerts} section: the webhooks alerts are sent to (none when the section is absent). */
    public AlertSettings alerts() {
        return AlertSettings.of(section(ALERTS));
    }

    private Optional<SettingsSection> section(String name) {
        return Optional.ofNullable((Map<?, ?>) otherSections.get(name)).map(values -> new SettingsSection(name, values));
    }

    /** The same settings with another usage section. */
    public ControlSettings withUsage(UsageSettings section) {
        Map<String, Object> others = new LinkedHashMap<>(otherSections);
        others.put(UsageSettings.SECTION, section.toSection());
        return new ControlSettings(supervision, others);
    }

    /** The {@code usage} section (kept as stored, read on demand), else its defaults. */
    public UsageSettings usage() {
        return otherSections.get(UsageSettings.SECTION) instanceof Map<?, ?> section
                ? UsageSettings.fromSection(section) : UsageSettings.DEFAULTS;
    }

    /**
     * What each key of the checked sections ({@code supervision}, {@code automation}, {@code alerts},
     * {@code fleet}, {@code usage}) is when left out, as a document of the settings' shape: the one place a client
     * reads them from rather than keeping copies.
     */
    public static Map<String, Object> defaultsTree() {
        Map<String, Object> tree = DEFAULTS.toTree();
        tree.put(AUTOMATION, QuotaAutomationSettings.DEFAULTS.toSection());
        tree.put(ALERTS, Map.of("webhooks", Map.of()));
        tree.put(FleetSettings.SECTION, FleetSettings.DEFAULTS.toSection());
        tree.put(UsageSettings.SECTION, UsageSettings.DEFAULTS.toSection());
        return tree;
    }

    /** The whole settings as a document, {@code supervision} first; secrets included (for the file only). */
    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("enabled", supervision.enabled());
        s.put("maxCrashes", supervision.maxCrashes());
        s.put("crashWindow", SettingsDuration.format(supervision.crashWindow()));
        s.put("initialBackoff", SettingsDuration.format(supervision.initialBackoff()));
        s.put("maxBackoff", SettingsDuration.format(supervision.maxBackoff()));
        tree.put(SUPERVISION, s);
        tree.putAll(otherSections);
        return tree;
    }

    /** What may be shown: {@link #toTree()} without any secret. */
    public Map<String, Object> publicTree() {
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) withoutSecrets(toTree());
        return shown;
    }

    /**
     * These settings, with every secret that they leave out (at the same place) taken from {@code current}: a
     * client that read the settings (which never show secrets) and writes them back changes no secret.
     */
    public ControlSettings keepingSecretsOf(ControlSettings current) {
        Map<String, Object> merged = new LinkedHashMap<>(otherSections);
        current.otherSections.forEach((name, section) -> {
            if (merged.get(name) instanceof Map<?, ?> mine && section instanceof Map<?, ?> theirs) {
                merged.put(name, withSecretsOf(mine, theirs));
            }
        });
        return new ControlSettings(supervision, merged);
    }

    private static Map<Object, Object> withSecretsOf(Map<?, ?> mine, Map<?, ?> theirs) {
        Map<Object, Object> merged = new LinkedHashMap<>(mine);
        theirs.forEach((key, value) -> {
            if (isSecret(key) && !mine.containsKey(key)) {
                merged.put(key, value);
            } else if (mine.get(key) instanceof Map<?, ?> inner && value instanceof Map<?, ?> stored) {
                merged.put(key, withSecretsOf(inner, stored));
            }
        });
        return merged;
    }

    private static Object withoutSecrets(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> shown = new LinkedHashMap<>();
            map.forEach((key, inner) -> {
                if (!isSecret(key)) {
                    shown.put(key, withoutSecrets(inner));
                }
            });
            return shown;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ControlSettings::withoutSecrets).toList();
        }
        return value;
    }

    private static boolean isSecret(Object key) {
        return key instanceof String name && SECRET_KEY.matcher(name).matches();
    }

    /** An unmodifiable deep copy that holds only plain values (nulls allowed, as YAML has them). */
    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value, int depth) {
        if (depth > MAX_DEPTH) {
            throw SupervisionSettings.invalid("the settings are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> {
                if (!(key instanceof String)) {
                    throw SupervisionSettings.invalid("every key must be text, was " + SettingsSection.quoted(key));
                }
                copy.put(key, frozen(inner, depth + 1));
            });
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(inner -> copy.add(frozen(inner, depth + 1)));
            return (T) Collections.unmodifiableList(copy);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        throw SupervisionSettings.invalid("values must be text, numbers, booleans, lists or mappings");
    }
}
