package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.TrialConfigPort;
import dev.cliproxy.control.rules.SafeYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Trial configs in a private temporary directory (mode 0700): a copy of the port's proxy config with {@code port}
 * the spare port, {@code host} loopback and {@code auth-dir} an empty folder of the trial, so the binary being tried
 * sees no real token and writes nothing beside the real files (its {@code WRITABLE_PATH} is the trial directory
 * too). Without a readable config the copy is a minimal one with a random client key.
 */
public final class YamlTrialConfigAdapter implements TrialConfigPort {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CcsLayout layout;

    public YamlTrialConfigAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public TrialSetup prepare(int sourcePort, int trialPort) {
        try {
            Path directory = Files.createTempDirectory("cliproxy-trial-");
            Path auth = Files.createDirectory(directory.resolve("auth"));
            Map<Object, Object> config = new LinkedHashMap<>(source(sourcePort));
            config.put("host", "127.0.0.1");
            config.put("port", trialPort);
            config.put("auth-dir", auth.toString());
            Optional<String> apiKey = firstKey(config.get("api-keys"));
            if (apiKey.isEmpty()) {
                String generated = randomKey();
                config.put("api-keys", List.of(generated));
                apiKey = Optional.of(generated);
            }
            Path file = directory.resolve("config.yaml");
            AtomicFileWriter.write(file, dumper().dump(config).getBytes(StandardCharsets.UTF_8));
            return new TrialSetup(directory, file, trialPort, apiKey);
        } catch (IOException e) {
            throw new StorageException("Failed to prepare the trial", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public void discard(TrialSetup trial) {
        try {
            FileSystemProxyInstallationAdapter.deleteTree(trial.directory());
        } catch (IOException e) {
            // A temporary directory: the system's cleaning removes it if this could not.
        }
    }

    /** The port's config as a mapping; empty when it is absent or not a mapping (a minimal config is used then). */
    private Map<?, ?> source(int port) throws IOException {
        Path file = layout.proxyConfigFile(port);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Object loaded = SafeYaml.parser().load(Files.readString(file, StandardCharsets.UTF_8));
            return loaded instanceof Map<?, ?> map ? map : Map.of();
        } catch (YAMLException e) {
            return Map.of();
        }
    }

    private static Optional<String> firstKey(Object keys) {
        if (keys instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast)
                    .filter(key -> !key.isBlank()).findFirst();
        }
        return Optional.empty();
    }

    private static String randomKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "trial-" + HexFormat.of().formatHex(bytes);
    }

    private static Yaml dumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options);
    }
}
