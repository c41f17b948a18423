package dev.cliproxy.control.testing;

import dev.cliproxy.control.domain.model.CcsLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Prepares a CCS directory for a stand-in proxy on a free port. */
public final class StandInConfig {

    public static final String API_KEY = "sk-stand-in-test-key";

    private StandInConfig() {
    }

    /** Linux lets sockets that all set SO_REUSEADDR share a port while at most one listens; BSDs do not. */
    private static final boolean SHARED_BIND = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("linux");
    /** The reservations of {@link #freePort()}: referenced for this JVM's life, so that no collection closes one. */
    private static final Queue<Socket> RESERVED = new ConcurrentLinkedQueue<>();

    /**
     * A loopback port chosen by the OS for a test's server, where nothing listens until that server binds it.
     * On Linux the port stays reserved for this JVM's life by a bound socket that sets SO_REUSEADDR and never
     * listens: no outgoing connection (the OS's ephemeral choice) and no other bind to port 0 gets it, while the
     * test's server (the stand-in, Helidon, the JDK's server and Node all set SO_REUSEADDR) still binds it. A
     * port that was only free a moment ago was taken, on a loaded machine, by some connection's local end
     * before the proxy started, which then failed with "address in use". Connections to the port are refused
     * until a server binds it, so the same call gives a port where nothing answers.
     */
    public static int freePort() throws IOException {
        if (!SHARED_BIND) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
        Socket placeholder = new Socket();
        try {
            placeholder.setReuseAddress(true);
            placeholder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            placeholder.close();
            throw e;
        }
        RESERVED.add(placeholder);
        return placeholder.getLocalPort();
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
