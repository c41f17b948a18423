package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health}: DOWN (503) when the CCS directory cannot be read; the proxy's state is detail only. */
class HealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aReadableDirectoryAndNoProxyIsUpWithTheProxyReportedDown() throws Exception {
        StandInConfig.selectPort(new CcsLayout(temp), StandInConfig.freePort()); // 8317 may be taken on this machine
        try (TestApi api = TestApi.start(temp)) {
            var response = api.send(java.net.http.HttpRequest.newBuilder(api.uri("").resolve("/health")).GET());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("UP", body.get("status").asText());
            Map<String, JsonNode> checks = checks(body);
            assertEquals("UP", checks.get("ccs-directory").get("status").asText());
            assertEquals(true, checks.get("ccs-directory").get("data").get("readable").asBoolean());
            assertEquals("UP", checks.get("proxy").get("status").asText());
            assertEquals(false, checks.get("proxy").get("data").get("running").asBoolean());
        }
    }

    @Test
    void aCcsDirectoryThatCannotBeReadIsDown() throws Exception {
        // A file where the directory should be: unreadable as a directory even for root, who ignores permissions.
        Path notADirectory = Files.writeString(temp.resolve("ccs"), "not a directory");
        try (TestApi api = TestApi.start(notADirectory)) {
            var response = api.send(java.net.http.HttpRequest.newBuilder(api.uri("").resolve("/health")).GET());
            assertEquals(503, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("DOWN", checks(body).get("ccs-directory").get("status").asText());
            assertEquals(false, response.body().contains(temp.toString()), "no local path in the answer");
        }
    }

    private static Map<String, JsonNode> checks(JsonNode body) {
        Map<String, JsonNode> checks = new HashMap<>();
        body.get("checks").forEach(check -> checks.put(check.get("name").asText(), check));
        return checks;
    }
}
