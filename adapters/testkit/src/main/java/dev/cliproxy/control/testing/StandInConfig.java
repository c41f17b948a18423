package dev.cliproxy.control.testing;

import dev.cliproxy.control.domain.model.CcsLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prepares a CCS directory for a stand-in proxy on a free port. */
public final class StandInConfig {

    public static final String API_KEY = "sk-stand-in-test-key";

    private StandInConfig() {
    }

    /** A port that was free a moment ago (the proxy's port must be written in its config before it starts). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Points the CCS config at {@code port} ({@code cliproxy_server.local.port}) and writes that port's proxy
     * config with the stand-in's API key and any {@code extraLines} (for example
     * {@code "stand-in-ignore-sigterm: true"}). Returns the proxy config file.
     */
    public static Path write(CcsLayout layout, int port, String... extraLines) throws IOException {
        selectPort(layout, port);
        Path config = layout.proxyConfigFile(port);
        Files.createDirectories(config.getParent());
        StringBuilder text = new StringBuilder()
                .append("host: \"127.0.0.1\"\n")
                .append("port: ").append(port).append('\n')
                .append("api-keys:\n  - \"").append(API_KEY).append("\"\n");
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        Files.writeString(config, text);
        return config;
    }

    /** Makes {@code port} the lifecycle port without writing a proxy config (start then writes a default one). */
    public static void selectPort(CcsLayout layout, int port) throws IOException {
        Files.createDirectories(layout.ccsDirectory());
        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: " + port + "\n");
    }
}
