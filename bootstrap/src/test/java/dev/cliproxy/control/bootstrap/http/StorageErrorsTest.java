package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.testing.StandInConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local state that cannot be read or written gives 500 with a detail for a person, but never a local path the
 * request did not name (contract §2): the JDK puts paths in its file exceptions' messages, so those never reach
 * an answer. Each case breaks the CCS directory in a way that holds even for root (a file where a directory should
 * be, a directory where a file should be, a link to itself).
 */
class StorageErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void theSessionStoreFailingNamesNoPath() throws Exception {
        Path ccs = ccsOnAFreePort();
        Path sessions = Files.createDirectories(ccs.resolve("cliproxy")).resolve("sessions-" + port(ccs) + ".json");
        Files.createSymbolicLink(sessions, sessions.getFileName());
        try (TestApi api = TestApi.start(ccs)) {
            assertPathFree500(api.get("/proxy-status"), "Failed to read session file",
                    "Too many levels of symbolic links");
        }
    }

    @Test
    void theStartupLockFailingNamesNoPath() throws Exception {
        Path ccs = ccsOnAFreePort();
        Files.writeString(ccs.resolve("cliproxy"), "a file where the cliproxy directory should be");
        try (TestApi api = TestApi.start(ccs, builder -> builder.proxyBinary(temp.resolve("no-such-binary")))) {
            assertPathFree500(api.send(HttpRequest.newBuilder(api.uri("/proxy-start"))
                    .POST(HttpRequest.BodyPublishers.noBody())), "Failed to take the startup lock", null);
        }
    }

    @Test
    void theDefaultConfigWriterFailingNamesNoPath() throws Exception {
        Path ccs = ccsOnAFreePort();
        int port = port(ccs);
        // A non-empty directory where the plain management secret is written before the config.
        Files.createDirectories(ccs.resolve("cliproxy/.management-secret-" + port + "/x"));
        try (TestApi api = TestApi.start(ccs, builder -> builder.proxyBinary(temp.resolve("no-such-binary")))) {
            assertPathFree500(api.send(HttpRequest.newBuilder(api.uri("/proxy-start"))
                    .POST(HttpRequest.BodyPublishers.noBody())), "Failed to write proxy config", null);
        }
    }

    @Test
    void theConfigFileFailingNamesNoPath() throws Exception {
        Path ccs = ccsOnAFreePort();
        int port = port(ccs);
        Files.createDirectories(ccs.resolve("cliproxy/config-" + port + ".yaml.bak/x"));
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"), "port: " + port + "\n");
        try (TestApi api = TestApi.start(ccs)) {
            assertPathFree500(api.putJson("/config.yaml", "{\"content\":\"port: " + port + "\\n\"}"),
                    "Failed to write config file", null);
        }
    }

    /** A CCS directory whose settings put the proxy on a port nothing listens on (never 8317). */
    private Path ccsOnAFreePort() throws Exception {
        Path ccs = Files.createDirectories(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: " + port + "\n");
        return ccs;
    }

    private static int port(Path ccs) throws Exception {
        String settings = Files.readString(ccs.resolve("config.yaml"));
        return Integer.parseInt(settings.substring(settings.lastIndexOf(' ') + 1).strip());
    }

    private void assertPathFree500(HttpResponse<String> response, String error, String reason) throws Exception {
        assertEquals(500, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(error, body.get("error").asText(), response.body());
        assertEquals("storage_error", body.get("code").asText(), response.body());
        if (reason != null) {
            assertTrue(body.get("message").asText().startsWith(reason), response.body());
        }
        assertFalse(response.body().contains(temp.toString()), "a local path in " + response.body());
        assertFalse(response.body().contains(temp.getFileName().toString()), "a local path in " + response.body());
    }
}
