package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code fleet} section of the control settings: the proxies on other hosts registered by hand (by id: a name,
 * a base URL and a write-only management key), how long the fleet status waits for each instance, how many quota
 * calls the fleet quota makes at once, and one CA file to trust besides the JDK's trust store when a remote proxy
 * is reached over TLS (the {@code ccs} remote mode's one too).
 *
 * <pre>
 * fleet:
 *   statusTimeout: 3s
 *   quotaConcurrency: 4
 *   trustedCaFile: /etc/ssl/private-ca.pem
 *   instances:
 *     home-server: {name: Home server, baseUrl: "https://proxy.home.example", managementKey: "..."}
 * </pre>
 */
public record FleetSettings(Duration statusTimeout, int quotaConcurrency, Optional<Path> trustedCaFile,
                            Map<String, Registered> instances) {

    public static final String SECTION = "fleet";
    public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_QUOTA_CONCURRENCY = 4;
    public static final Duration MIN_STATUS_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_STATUS_TIMEOUT = Duration.ofMinutes(1);
    public static final int MAX_QUOTA_CONCURRENCY = 32;
    public static final int MAX_NAME_LENGTH = 80;
    /** A registry this large is a mistake, and every status asks each of its instances. */
    public static final int MAX_INSTANCES = 200;
    /** After the bounds, which its construction checks. */
    public static final FleetSettings DEFAULTS = new FleetSettings(DEFAULT_STATUS_TIMEOUT, DEFAULT_QUOTA_CONCURRENCY,
            Optional.empty(), Map.of());

    private static final Set<String> KEYS = Set.of("statusTimeout", "quotaConcurrency", "trustedCaFile", "instances");
    private static final Set<String> INSTANCE_KEYS = Set.of("name", "baseUrl", "managementKey");

    public FleetSettings {
        Objects.requireNonNull(statusTimeout, "statusTimeout");
        Objects.requireNonNull(trustedCaFile, "trustedCaFile");
        if (statusTimeout.compareTo(MIN_STATUS_TIMEOUT) < 0 || statusTimeout.compareTo(MAX_STATUS_TIMEOUT) > 0) {
            throw invalid("fleet.statusTimeout must be from " + SettingsDuration.format(MIN_STATUS_TIMEOUT) + " to "
                    + SettingsDuration.format(MAX_STATUS_TIMEOUT));
        }
        if (quotaConcurrency < 1 || quotaConcurrency > MAX_QUOTA_CONCURRENCY) {
            throw invalid("fleet.quotaConcurrency must be a whole number from 1 to " + MAX_QUOTA_CONCURRENCY);
        }
        if (trustedCaFile.filter(Path::isAbsolute).isPresent() != trustedCaFile.isPresent()) {
            throw invalid("fleet.trustedCaFile must be an absolute path");
        }
        if (instances.size() > MAX_INSTANCES) {
            throw invalid("fleet.instances may hold at most " + MAX_INSTANCES + " instances");
        }
        instances.keySet().forEach(id -> {
            if (!FleetInstance.isRegistrableId(id)) {
                throw invalid("fleet.instances: \"" + shortened(id) + "\" is not an instance id (lower-case letters"
                        + " and digits joined by dashes, at most " + FleetInstance.MAX_ID_LENGTH
                        + " characters, not local-* nor " + FleetInstance.CCS_REMOTE_ID + ")");
            }
        });
        instances = Collections.unmodifiableMap(new TreeMap<>(instances));
    }

    /** One registered instance; {@link #toString()} never shows its key. */
    public record Registered(String name, URI baseUrl, Optional<String> managementKey) {
        public Registered {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            managementKey = Objects.requireNonNull(managementKey, "managementKey").filter(key -> !key.isBlank());
            if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException(ErrorCode.INVALID_FLEET_INSTANCE, "the name must be 1 to "
                        + MAX_NAME_LENGTH + " characters with no control character");
            }
            baseUrl = RemoteProxy.parseBaseUrl(baseUrl.toString());
        }

        /** The proxy it names: registered instances have no client key. */
        public RemoteProxy target() {
            return new RemoteProxy(baseUrl, Optional.empty(), managementKey);
        }

        @Override
        public String toString() {
            return "Registered[" + name + ", " + baseUrl + ", managementKey="
                    + (managementKey.isPresent() ? "***" : "none") + "]";
        }
    }

    /**
     * Reads the section as the settings parser gives it (mappings, strings, numbers); absent ({@code null}) is the
     * defaults. An unknown key, a wrong type or a value out of range is an {@link InvalidInputException} naming it.
     */
    public static FleetSettings fromSection(Object section) {
        if (section == null) {
            return DEFAULTS;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw invalid("fleet must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("fleet has no setting \"" + shortened(String.valueOf(key))
                        + "\" (known: instances, quotaConcurrency, statusTimeout, trustedCaFile)");
            }
        }
        Duration timeout = text(map, "statusTimeout", "fleet.statusTimeout")
                .map(value -> SettingsDuration.parse(value).orElseThrow(() ->
                        invalid("fleet.statusTimeout must be a duration such as 500ms or 3s")))
                .orElse(DEFAULT_STATUS_TIMEOUT);
        Object concurrency = map.get("quotaConcurrency");
        if (concurrency != null && !(concurrency instanceof Integer)) {
            throw invalid("fleet.quotaConcurrency must be a whole number");
        }
        Optional<Path> ca = text(map, "trustedCaFile", "fleet.trustedCaFile").map(FleetSettings::path);
        return new FleetSettings(timeout, concurrency == null ? DEFAULT_QUOTA_CONCURRENCY : (Integer) concurrency, ca,
                instances(map.get("instances")));
    }

    private static Map<String, Registered> instances(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid("fleet.instances must be a mapping of instance ids");
        }
        Map<String, Registered> instances = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String id = String.valueOf(entry.getKey());
            String where = "fleet.instances." + shortened(id);
            if (!(entry.getValue() instanceof Map<?, ?> instance)) {
                throw invalid(where + " must be a mapping with name, baseUrl and managementKey");
            }
            for (Object key : instance.keySet()) {
                if (!INSTANCE_KEYS.contains(key)) {
                    throw invalid(where + " has no setting \"" + shortened(String.valueOf(key))
                            + "\" (known: baseUrl, managementKey, name)");
                }
            }
            String name = text(instance, "name", where + ".name").orElseThrow(() -> invalid(where + ".name is missing"));
            String baseUrl = text(instance, "baseUrl", where + ".baseUrl")
                    .orElseThrow(() -> invalid(where + ".baseUrl is missing"));
            Optional<String> key = text(instance, "managementKey", where + ".managementKey");
            try {
                instances.put(id, new Registered(name, RemoteProxy.parseBaseUrl(baseUrl), key));
            } catch (InvalidInputException e) {
                throw invalid(where + ": " + e.detail().orElse(e.error()));
            }
        }
        return instances;
    }

    /** The section as the settings file holds it: the management keys included (they are never shown). */
    public Map<String, Object> toSection() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("statusTimeout", SettingsDuration.format(statusTimeout));
        section.put("quotaConcurrency", quotaConcurrency);
        trustedCaFile.ifPresent(file -> section.put("trustedCaFile", file.toString()));
        Map<String, Object> registered = new LinkedHashMap<>();
        instances.forEach((id, instance) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", instance.name());
            entry.put("baseUrl", instance.baseUrl().toString());
            instance.managementKey().ifPresent(key -> entry.put("managementKey", key));
            registered.put(id, entry);
        });
        section.put("instances", registered);
        return section;
    }

    /** These settings with {@code instance} registered as {@code id} (replacing one of that id). */
    public FleetSettings with(String id, Registered instance) {
        Map<String, Registered> all = new LinkedHashMap<>(instances);
        all.put(id, instance);
        return new FleetSettings(statusTimeout, quotaConcurrency, trustedCaFile, all);
    }

    /** These settings without the instance {@code id}. */
    public FleetSettings without(String id) {
        Map<String, Registered> all = new LinkedHashMap<>(instances);
        all.remove(id);
        return new FleetSettings(statusTimeout, quotaConcurrency, trustedCaFile, all);
    }

    /** The registered instances, sorted by id. */
    public List<FleetInstance.Remote> remotes() {
        return instances.entrySet().stream()
                .map(e -> new FleetInstance.Remote(e.getKey(), e.getValue().name(), e.getValue().target()))
                .toList();
    }

    private static Optional<String> text(Map<?, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(where + " must be text");
        }
        return Optional.of(text);
    }

    private static Path path(String text) {
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            throw invalid("fleet.trustedCaFile is not a path");
        }
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static InvalidInputException invalid(String detail) {
        return SupervisionSettings.invalid(detail);
    }
}
