package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's port is the ccs settings' ({@code cliproxy_server.local.port}, else 8317), never the one a proxy config
 * declares: {@code PUT /config.yaml} refuses a config for another port, and a config edited by hand to another port
 * does not move the current file.
 */
class ConfigPortTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path ccs;
    private Path config;
    private TestApi api;

    @BeforeEach
    void start() throws Exception {
        config = Files.createDirectories(ccs.resolve("cliproxy")).resolve("config.yaml");
        Files.writeString(config, "port: 8317\ndebug: false\n");
        api = TestApi.start(ccs);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aConfigForAnotherPortIsRefusedAndTheFileUntouched() throws Exception {
        HttpResponse<String> refused = api.putJson("/config.yaml", body("port: 9000\ndebug: true\n"));

        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode error = JSON.readTree(refused.body());
        assertEquals("Invalid config", error.get("error").asText());
        assertEquals("port_mismatch", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("must be 8317"), refused.body());
        assertEquals("port: 8317\ndebug: false\n", Files.readString(config));
        assertFalse(Files.exists(config.resolveSibling("config.yaml.bak")), "nothing was written");
        assertFalse(Files.exists(config.resolveSibling("config-9000.yaml")));
    }

    @Test
    void withASettingsPortAConfigWithoutPortIsRefusedToo() throws Exception {
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: 8400\n");
        Path portConfig = config.resolveSibling("config-8400.yaml");

        HttpResponse<String> refused = api.putJson("/config.yaml", body("debug: true\n"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("port_mismatch", JSON.readTree(refused.body()).get("code").asText());
        assertFalse(Files.exists(portConfig));

        HttpResponse<String> saved = api.putJson("/config.yaml", body("port: 8400\ndebug: true\n"));
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals("port: 8400\ndebug: true\n", Files.readString(portConfig));
    }

    @Test
    void aConfigEditedByHandToAnotherPortDoesNotMoveTheCurrentFile() throws Exception {
        Files.writeString(config, "port: 9000\n");

        assertEquals("port: 9000\n", api.get("/config.yaml").body(), "still cliproxy/config.yaml, not a 404");
        HttpResponse<String> saved = api.putJson("/config.yaml", body("port: 8317\ndebug: true\n"));
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(config.toString(), JSON.readTree(saved.body()).get("path").asText());
        assertEquals("port: 8317\ndebug: true\n", Files.readString(config));
        assertFalse(Files.exists(config.resolveSibling("config-9000.yaml")));
    }

    private static String body(String yaml) {
        return JsonNodeFactory.instance.objectNode().put("content", yaml).toString();
    }
}
