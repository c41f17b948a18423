package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a safe proxy config where none exists: loopback only, one random client API key, a random management
 * secret with remote management off, and the CCS auth directory. The CLI's generated config binds every interface,
 * allows remote management and uses well-known secrets (its weakness W8); this one does none of that. The
 * management secret is also kept in plain text beside the config, because the proxy replaces the config's copy
 * with a bcrypt hash when it starts.
 */
public final class YamlDefaultProxyConfigAdapter implements DefaultProxyConfigPort {

    private final CcsLayout layout;
    private final SecureRandom random = new SecureRandom();

    public YamlDefaultProxyConfigAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public boolean createIfMissing(int port) {
        Path config = layout.proxyConfigFile(port);
        if (Files.exists(config)) {
            return false;
        }
        String apiKey = "sk-cliproxy-" + randomHex();
        String secret = randomHex();
        try {
            // The secret first: once the config exists, a reader must be able to find its plain-text secret.
            AtomicFileWriter.write(layout.managementSecretFile(port), secret.getBytes(StandardCharsets.UTF_8));
            return AtomicFileWriter.writeNew(config, render(port, apiKey, secret).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("Failed to write proxy config", FileErrors.reason(e), "storage_error", e);
        }
    }

    String render(int port, String apiKey, String secret) {
        String authDir = layout.authDirectory().toString().replace('\\', '/');
        return """
                # CLIProxyAPI config written by cliproxy-control because none existed.
                # Loopback only; remote management off. The plain-text management secret is also kept in
                # .management-secret-%d beside this file (the proxy replaces the one below with a hash on start).
                host: "127.0.0.1"
                port: %d
                auth-dir: %s
                api-keys:
                  - "%s"
                remote-management:
                  allow-remote: false
                  secret-key: "%s"
                """.formatted(port, port, quoted(authDir), apiKey, secret);
    }

    /** A YAML double-quoted scalar. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String randomHex() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
