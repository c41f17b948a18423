package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in proxy playing one on another host: its own CCS directory, its config with a management secret (hashed
 * by it when it starts, as the real proxy does) and {@code remote-management.allow-remote: true}, its own process
 * on a free loopback port. Close it in a {@code finally}.
 */
final class RemoteStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LAUNCHING = new Object();

    final CcsLayout layout;
    final int port;
    private final Process process;

    private RemoteStandIn(CcsLayout layout, int port, Process process) {
        this.layout = layout;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts one in {@code directory} with management secret {@code secret} (none when {@code null}) and the
     * config's {@code extraLines}; returns once it answers.
     */
    static RemoteStandIn start(Path directory, String secret, String... extraLines) throws IOException {
        CcsLayout layout = new CcsLayout(directory.resolve("ccs"));
        int port = StandInConfig.freePort();
        List<String> lines = new ArrayList<>(List.of(extraLines));
        if (secret != null) {
            lines.addAll(List.of("remote-management:", "  allow-remote: true", "  secret-key: \"" + secret + "\""));
        }
        Path config = StandInConfig.write(layout, port, lines.toArray(String[]::new));
        Files.createDirectories(layout.logsDirectory());
        Files.createDirectories(layout.authDirectory());
        Process process;
        // One writes its launcher and starts it at a time: a process forked while another thread's launcher was
        // still open for writing kept that file open, and its exec failed with ETXTBSY ("Text file busy").
        synchronized (LAUNCHING) {
            Path binary = StandInLauncher.install(directory.resolve("bin"));
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("proxy.out").toFile());
            builder.environment().put("WRITABLE_PATH", layout.cliproxyDirectory().toString());
            process = builder.start();
        }
        RemoteStandIn standIn = new RemoteStandIn(layout, port, process);
        try {
            Await.until(() -> !standIn.process.isAlive() || standIn.answers(), "the stand-in on " + port);
            assertTrue(standIn.process.isAlive(), "the stand-in on " + port + " exited");
        } catch (RuntimeException | Error e) {
            standIn.close();
            throw e;
        }
        return standIn;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** How many failed logins its management API has counted. */
    int failedLogins() throws IOException, InterruptedException {
        JsonNode stats = JSON.readTree(http().get("/stand-in/management-stats").body());
        return stats.path("failedLogins").asInt();
    }

    /** How many requests its management API has had. */
    int managementRequests() throws IOException, InterruptedException {
        return JSON.readTree(http().get("/stand-in/management-stats").body()).path("requests").asInt();
    }

    private TestHttpClient http() {
        return TestHttpClient.at(baseUrl());
    }

    private boolean answers() {
        try {
            return http().get("/healthz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
