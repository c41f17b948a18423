package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSettingsRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETTINGS = "{\"supervision\":{\"enabled\":true,\"maxCrashes\":3,\"crashWindow\":\"2m\"},"
            + "\"webhooks\":{\"url\":\"https://hooks.test/x\",\"secret\":\"never-shown-value\"}}";

    @TempDir
    Path ccs;
    private Path file;
    private TestApi api;

    @BeforeEach
    void start() throws IOException {
        file = ccs.resolve("cliproxy/control.yaml");
        // A port of its own, where no proxy runs.
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: "
                + StandInConfig.freePort() + "\n");
        api = TestApi.start(ccs);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void withoutAFileTheDefaultsAreServedAndNothingIsWritten() throws Exception {
        HttpResponse<String> response = api.get("/control-settings");
        assertEquals(200, response.statusCode());
        assertEquals("{\"supervision\":{\"enabled\":false,\"maxCrashes\":5,\"crashWindow\":\"10m\","
                + "\"initialBackoff\":\"1s\",\"maxBackoff\":\"1m\"}}", response.body());
        assertTrue(response.headers().firstValue("ETag").isPresent());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(Files.exists(file));
    }

    @Test
    void theDefaultsOfEveryCheckedSectionAreServedWhateverIsStored() throws Exception {
        api.putJson("/control-settings", "{\"automation\":{\"enabled\":true,\"pauseAtPercent\":10}}");
        HttpResponse<String> response = api.get("/control-settings/defaults");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode defaults = JSON.readTree(response.body());
        assertEquals(JSON.readTree("{\"enabled\":false,\"providers\":[],\"pauseAtPercent\":5,\"lowAtPercent\":20,"
                + "\"pollInterval\":\"5m\",\"maxConcurrent\":2,\"unknownResetBackoff\":\"1h\"}"),
                defaults.path("automation"), "the defaults, not what is stored");
        assertEquals(JSON.readTree(api.get("/control-settings").body()).path("supervision").size(),
                defaults.path("supervision").size());
        assertEquals("5s", defaults.path("usage").path("interval").asText());
        assertEquals(5, defaults.size(), defaults.toString());
        assertEquals(405, api.http().delete("/control-settings/defaults").statusCode());
    }

    @Test
    void putWritesTheFile0600AndNoAnswerShowsTheSecret() throws Exception {
        HttpResponse<String> saved = api.putJson("/control-settings", SETTINGS);
        assertEquals(200, saved.statusCode(), saved.body());
        assertFalse(saved.body().contains("never-shown-value"), saved.body());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("never-shown-value"), "the file keeps it");

        HttpResponse<String> read = api.get("/control-settings");
        JsonNode body = JSON.readTree(read.body());
        assertEquals(3, body.get("supervision").get("maxCrashes").asInt());
        assertEquals("https://hooks.test/x", body.get("webhooks").get("url").asText());
        assertFalse(read.body().contains("never-shown-value") || read.body().contains("secret"), read.body());
        assertEquals(saved.headers().firstValue("ETag"), read.headers().firstValue("ETag"));

        // Writing back what was read keeps the secret.
        assertEquals(200, api.putJson("/control-settings", read.body(), "If-Match",
                read.headers().firstValue("ETag").orElseThrow()).statusCode());
        assertTrue(Files.readString(file).contains("never-shown-value"));
    }

    @Test
    void aStaleETagIs412AndInvalidInputIs400AndNothingChanges() throws Exception {
        assertEquals(200, api.putJson("/control-settings", SETTINGS).statusCode());
        String before = Files.readString(file);

        HttpResponse<String> stale = api.putJson("/control-settings", "{}", "If-Match", "\"stale\"");
        assertEquals(412, stale.statusCode());
        assertEquals("etag_mismatch", JSON.readTree(stale.body()).get("code").asText());

        for (String bad : new String[] {"{\"supervision\":{\"maxCrash\":3}}", "{\"supervision\":{\"crashWindow\":600}}",
                "{\"supervision\":{\"initialBackoff\":\"2m\",\"maxBackoff\":\"1m\"}}", "[]", "not json", "",
                "{\"webhooks\":true}", "{\"a\":{},\"a\":{}}"}) {
            HttpResponse<String> refused = api.putJson("/control-settings", bad);
            assertEquals(400, refused.statusCode(), bad);
            JsonNode error = JSON.readTree(refused.body());
            assertTrue(error.get("error").asText().startsWith("Invalid"), refused.body());
        }
        HttpResponse<String> named = api.putJson("/control-settings", "{\"supervision\":{\"maxCrash\":3}}");
        assertEquals("invalid_settings", JSON.readTree(named.body()).get("code").asText());
        assertTrue(JSON.readTree(named.body()).get("message").asText().contains("maxCrash"), named.body());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void aBrokenFileIs500WithoutItsPathOrText() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "webhooks:\n  secret: hunter2\n  : [\n");
        HttpResponse<String> response = api.get("/control-settings");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("hunter2") || response.body().contains(ccs.toString()), response.body());
        assertEquals(200, api.putJson("/control-settings", "{}").statusCode(), "a write repairs it");
    }

    @Test
    void proxyStatusTellsWhatTheSupervisorKnowsOnceSupervisionIsOn() throws IOException, InterruptedException {
        assertEquals("{\"running\":false}", api.get("/proxy-status").body(), "the API document's shape when off");
        api.putJson("/control-settings", "{\"supervision\":{\"enabled\":true}}");
        Await.until(() -> {
            try {
                return JSON.readTree(api.get("/proxy-status").body()).path("supervised").asBoolean();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "supervision on after the settings say so");
        JsonNode status = JSON.readTree(api.get("/proxy-status").body());
        assertEquals(0, status.get("restarts").asInt());
        assertFalse(status.has("lastCrashAt"));
        assertFalse(status.get("crashLoop").asBoolean());
    }
}
