package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.port.DefaultProxyConfigPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a proxy config where none exists, one the {@code ccs} tools take for their own: their header line with
 * their config version, their keys and values, the settings' client key and management secret, and the management
 * panel they expect. They regenerate (overwrite) a config whose header version is missing or older than theirs, or
 * whose {@code panel-github-repository} is not the one they expect ({@code configNeedsRegeneration} in
 * {@code dist/cliproxy/config/generator.js} of {@code @kaitranntt/ccs} 7.79.1). Two choices differ from theirs
 * and break no client: {@code host: "127.0.0.1"} (theirs has none: every interface) and
 * {@code remote-management.allow-remote: false} (theirs allows remote management with a well-known secret, their
 * weakness W8). The management secret is also kept in plain text beside the config, because the proxy replaces the
 * config's copy with a bcrypt hash when it starts and the settings may change afterwards.
 */
public final class YamlDefaultProxyConfigAdapter implements DefaultProxyConfigPort {

    /**
     * {@code CLIPROXY_CONFIG_VERSION} of {@code @kaitranntt/ccs} 7.79.1 (generator.js): a header with a lower version
     * makes the {@code ccs} tools regenerate the file. Raise it, and the keys below, with the {@code ccs} version the
     * tests check against ({@code CcsAcceptsGeneratedConfigTest}).
     */
    static final int CCS_CONFIG_VERSION = 19;

    /**
     * The Antigravity model aliases the {@code ccs} tools generate (their defaults and the compatibility spellings
     * they derive from them), so that {@code ccs agy} finds the model names it asks for.
     */
    private static final String ANTIGRAVITY_ALIASES = """
            oauth-model-alias:
              antigravity:
                - name: rev19-uic3-1p
                  alias: gemini-2.5-computer-use-preview-10-2025
                - name: gemini-3-pro-image
                  alias: gemini-3-pro-image-preview
                - name: gemini-3-pro-high
                  alias: gemini-3-pro-preview
                - name: gemini-3-pro-high
                  alias: gemini-3.1-pro-preview
                - name: gemini-3-pro-high
                  alias: gemini-3.1-pro-preview-customtools
                - name: gemini-3-flash
                  alias: gemini-3-flash-preview
                - name: gemini-3-flash
                  alias: gemini-3.1-flash-preview
                - name: claude-sonnet-4-6
                  alias: claude-sonnet-4-6
                  fork: true
                - name: claude-sonnet-4-6-thinking
                  alias: claude-sonnet-4-6
                  fork: true
                - name: claude-opus-4-6-thinking
                  alias: claude-opus-4-6-thinking
                  fork: true
                - name: rev19-uic3-1p
                  alias: gemini-2.5-computer-use-preview-10-2025-customtools
                - name: rev19-uic3-1p
                  alias: gemini-2-5-computer-use-preview-10-2025
                - name: rev19-uic3-1p
                  alias: gemini-2-5-computer-use-preview-10-2025-customtools
                - name: gemini-3-pro-image
                  alias: gemini-3-pro-image-preview-customtools
                - name: gemini-3-pro-high
                  alias: gemini-3-pro-preview-customtools
                - name: gemini-3-pro-high
                  alias: gemini-3-1-pro-preview
                - name: gemini-3-pro-high
                  alias: gemini-3-1-pro-preview-customtools
                - name: gemini-3-flash
                  alias: gemini-3-flash-preview-customtools
                - name: gemini-3-flash
                  alias: gemini-3.1-flash-preview-customtools
                - name: gemini-3-flash
                  alias: gemini-3-1-flash-preview
                - name: gemini-3-flash
                  alias: gemini-3-1-flash-preview-customtools
            """;

    private final CcsLayout layout;

    public YamlDefaultProxyConfigAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public boolean createIfMissing(int port, ClientKeys keys, String panelRepository) {
        Path config = layout.proxyConfigFile(port);
        if (Files.exists(config)) {
            return false;
        }
        try {
            // The secret first: once the config exists, a reader must be able to find its plain-text secret.
            AtomicFileWriter.write(layout.managementSecretFile(port),
                    keys.managementSecret().getBytes(StandardCharsets.UTF_8));
            return AtomicFileWriter.writeNew(config,
                    render(port, keys, panelRepository).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("Failed to write proxy config", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /** The {@code ccs} tools' generated config, key for key in their order, with the two safer choices. */
    String render(int port, ClientKeys keys, String panelRepository) {
        String authDir = layout.authDirectory().toString().replace('\\', '/');
        return """
                # CLIProxyAPI config generated by CCS v%d
                # Written by cliproxy-control in the ccs tools' format (their header, version and keys), so that they
                # keep it, with two safer choices: host 127.0.0.1 (loopback only) and allow-remote false.
                # The proxy replaces the plain secret-key below with a hash when it starts; its plain text is kept in
                # .management-secret-%d beside this file.

                port: %d
                host: "127.0.0.1"
                debug: false
                logging-to-file: false
                request-log: false
                usage-statistics-enabled: true
                remote-management:
                  allow-remote: false
                  secret-key: %s
                  disable-control-panel: false
                  panel-github-repository: %s
                disable-cooling: true
                request-retry: 0
                max-retry-interval: 0
                quota-exceeded:
                  switch-project: true
                  switch-preview-model: true
                routing:
                  strategy: round-robin
                  session-affinity: false
                  session-affinity-ttl: "1h"
                api-keys:
                  - %s
                auth-dir: %s
                """.formatted(CCS_CONFIG_VERSION, port, port, quoted(keys.managementSecret()),
                quoted(panelRepository), quoted(keys.apiKey()), quoted(authDir)) + ANTIGRAVITY_ALIASES;
    }

    /** A YAML double-quoted scalar; control characters as escapes, so any text stays one line. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\x%02x".formatted(c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
