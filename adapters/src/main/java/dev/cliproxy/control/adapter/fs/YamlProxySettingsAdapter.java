package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.rules.SafeYaml;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the {@code ccs} tools' settings ({@code <ccs-dir>/config.yaml}: the port, the backend, the clients' keys)
 * and what a port's proxy config says about its own keys, as the {@code ccs} tools read them.
 */
public final class YamlProxySettingsAdapter implements ProxySettingsPort {

    private final CcsLayout layout;
    /** The status route asks for the port on every request: parse each YAML file again only once it changed. */
    private final FileSnapshotCache<Optional<Map<?, ?>>> parsed = new FileSnapshotCache<>();

    public YamlProxySettingsAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public int lifecyclePort() {
        return lifecyclePort(readMapping(layout.ccsConfigFile()));
    }

    /** One look at the settings file for both (a status asks on every request). */
    @Override
    public ProxyTarget proxyTarget() {
        Optional<Map<?, ?>> ccs = readMapping(layout.ccsConfigFile());
        return remote(ccs).<ProxyTarget>map(ProxyTarget.Remote::new)
                .orElseGet(() -> new ProxyTarget.Local(lifecyclePort(ccs)));
    }

    private static int lifecyclePort(Optional<Map<?, ?>> ccs) {
        // Never the proxy config's own port: a PUT of another port would make the next request look at another file.
        return ccs.flatMap(settings -> child(settings, "cliproxy_server").flatMap(s -> child(s, "local")))
                .flatMap(local -> validPort(local.get("port")))
                .orElse(CcsLayout.DEFAULT_PROXY_PORT);
    }

    @Override
    public List<String> apiKeys(int port) {
        return readMapping(layout.proxyConfigFile(port))
                .map(config -> config.get("api-keys") instanceof List<?> keys
                        ? keys.stream().filter(String.class::isInstance).map(String.class::cast)
                                .filter(key -> !key.isBlank()).toList()
                        : List.<String>of())
                .orElse(List.of());
    }

    /**
     * The config's plain-text secret; once the proxy has hashed it, the plain text this tool kept when it wrote
     * that config ({@link CcsLayout#managementSecretFile}), else the one the {@code ccs} tools write into theirs.
     */
    @Override
    public Optional<String> managementSecret(int port) {
        Optional<String> configured = readMapping(layout.proxyConfigFile(port))
                .flatMap(config -> child(config, "remote-management"))
                .map(management -> management.get("secret-key"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(secret -> !secret.isBlank());
        if (configured.isPresent() && !isBcryptHash(configured.get())) {
            return configured;
        }
        return keptSecret(port).or(() -> Optional.of(clientKeys().managementSecret()));
    }

    private Optional<String> keptSecret(int port) {
        try {
            return Optional.of(Files.readString(layout.managementSecretFile(port), StandardCharsets.UTF_8).strip())
                    .filter(secret -> !secret.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Backend backend() {
        return readMapping(layout.ccsConfigFile())
                .flatMap(ccs -> child(ccs, "cliproxy"))
                .map(cliproxy -> cliproxy.get("backend"))
                .filter(String.class::isInstance)
                .map(name -> ((String) name).strip().toLowerCase(Locale.ROOT))
                .filter(Backend.PLUS.folder()::equals)
                .map(name -> Backend.PLUS)
                .orElse(Backend.ORIGINAL);
    }

    /**
     * {@code cliproxy.auth.api_key} and {@code cliproxy.auth.management_secret}, each when it is a non-empty string
     * (as the {@code ccs} tools take them), else their defaults.
     */
    @Override
    public ClientKeys clientKeys() {
        Optional<Map<?, ?>> auth = readMapping(layout.ccsConfigFile())
                .flatMap(ccs -> child(ccs, "cliproxy"))
                .flatMap(cliproxy -> child(cliproxy, "auth"));
        return new ClientKeys(
                auth.flatMap(a -> nonEmptyText(a.get("api_key"))).orElse(ClientKeys.DEFAULTS.apiKey()),
                auth.flatMap(a -> nonEmptyText(a.get("management_secret")))
                        .orElse(ClientKeys.DEFAULTS.managementSecret()));
    }

    /**
     * {@code cliproxy_server.remote} when {@code enabled} is true and {@code host} is set, read as the {@code ccs}
     * tools read it ({@link RemoteProxy#ofCcsSettings}); empty otherwise, or when the host is not a host name.
     */
    @Override
    public Optional<RemoteProxy> remote() {
        return remote(readMapping(layout.ccsConfigFile()));
    }

    private static Optional<RemoteProxy> remote(Optional<Map<?, ?>> ccs) {
        return ccs.flatMap(settings -> child(settings, "cliproxy_server"))
                .flatMap(server -> child(server, "remote"))
                .filter(remote -> Boolean.TRUE.equals(remote.get("enabled")))
                .flatMap(remote -> nonEmptyText(remote.get("host")).flatMap(host -> RemoteProxy.ofCcsSettings(host,
                        nonEmptyText(remote.get("protocol")), validPort(remote.get("port")),
                        nonEmptyText(remote.get("auth_token")), nonEmptyText(remote.get("management_key")))));
    }

    /** {@code cliproxy.management_panel_repository} (trimmed, when not blank), else the backend's. */
    @Override
    public String managementPanelRepository() {
        return readMapping(layout.ccsConfigFile())
                .flatMap(ccs -> child(ccs, "cliproxy"))
                .flatMap(cliproxy -> nonEmptyText(cliproxy.get("management_panel_repository")))
                .map(String::strip)
                .filter(repository -> !repository.isEmpty())
                .orElseGet(() -> backend().managementPanelRepository());
    }

    private static Optional<String> nonEmptyText(Object value) {
        return value instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    /** CLIProxyAPI replaces a plain secret with its bcrypt hash on start ({@code $2a$}, {@code $2b$}, {@code $2y$}). */
    private static boolean isBcryptHash(String secret) {
        return secret.startsWith("$2a$") || secret.startsWith("$2b$") || secret.startsWith("$2y$");
    }

    /** The top-level mapping of a YAML file; empty when it is absent, unreadable or not a mapping. */
    private Optional<Map<?, ?>> readMapping(Path file) {
        try {
            return parsed.read(file, YamlProxySettingsAdapter::parseMapping, Optional.empty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<?, ?>> parseMapping(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return SafeYaml.parser().load(reader) instanceof Map<?, ?> map ? Optional.of(map) : Optional.empty();
        } catch (YAMLException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<?, ?>> child(Map<?, ?> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> map ? Optional.of(map) : Optional.empty();
    }

    private static Optional<Integer> validPort(Object value) {
        Integer port = switch (value) {
            case Integer number -> number;
            case String text when text.strip().matches("\\d{1,5}") -> Integer.valueOf(text.strip());
            case null, default -> null;
        };
        return Optional.ofNullable(port).filter(p -> p >= 1 && p <= 65535);
    }
}
