package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.testing.StandInUsage;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage collected from a fleet: this machine's stand-in proxy and one registered on another port, each feeding its
 * usage queue at its own rate, drained into the one store as their own instances, every record each handed out
 * stored once; beside them a registered proxy that refuses the key and one too old to hand records out, each
 * backing off alone and saying so in {@code /usage/status}. No key is ever shown.
 */
class FleetUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "fleet-usage-key-8a2c";
    private static final String WRONG = "not-the-usage-key-77";
    private static final int LOCAL_TOTAL = 300;
    private static final int HOME_TOTAL = 450;

    @TempDir
    Path temp;
    private final List<String> answers = new ArrayList<>();

    @Test
    void eachInstanceIsDrainedIntoTheOneStoreAndBacksOffAlone() throws Exception {
        StandInFixture local = new StandInFixture(temp.resolve("local")).config("stand-in-usage-rate: 200",
                "stand-in-usage-total: " + LOCAL_TOTAL, "remote-management:", "  secret-key: \"ccs\"");
        Files.writeString(local.layout.controlSettingsFile(), "usage:\n  interval: 1h\n");
        List<RemoteStandIn> remotes = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            RemoteStandIn home = track(remotes, RemoteStandIn.start(temp.resolve("home"), KEY,
                    "stand-in-usage-rate: 300", "stand-in-usage-total: " + HOME_TOTAL));
            RemoteStandIn refusing = track(remotes, RemoteStandIn.start(temp.resolve("refusing"), KEY,
                    "stand-in-usage-rate: 100"));
            RemoteStandIn old = track(remotes, RemoteStandIn.start(temp.resolve("old"), KEY,
                    "stand-in-version: v6.10.3"));
            CliProxyControl control = local.track(local.builder().collectUsage(true).build());
            StartOutcome started = control.proxy().start();
            local.remember(assertInstanceOf(StartOutcome.Started.class, started, started.toString()).pid());
            var server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
            TestHttpClient fleet = TestHttpClient.at(server.uri() + ApiRouting.FLEET_PATH);
            TestHttpClient cliproxy = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
            register(fleet, "Home", home, KEY);
            register(fleet, "Refusing", refusing, WRONG);
            register(fleet, "Old", old, KEY);
            HttpResponse<String> reserved = fleet.send("POST", "/instances", JSON.writeValueAsString(Map.of(
                    "name", "Local", "baseUrl", home.baseUrl().toString())), "Content-Type", "application/json");
            assertEquals(400, reserved.statusCode(), "local names this machine's proxy in the usage history");

            Map<String, Path> ledgers = new LinkedHashMap<>();
            ledgers.put(UsageRecord.LOCAL, local.layout.cliproxyDirectory().resolve(StandInUsage.LEDGER));
            ledgers.put("home", home.layout.cliproxyDirectory().resolve(StandInUsage.LEDGER));
            Map<String, Integer> totals = Map.of(UsageRecord.LOCAL, LOCAL_TOTAL, "home", HOME_TOTAL);
            Await.until(() -> {
                control.usage().collectNow();
                return ledgers.entrySet().stream()
                        .allMatch(e -> handedOut(e.getValue()).size() == totals.get(e.getKey()));
            }, Duration.ofSeconds(120), "both stand-ins to hand out all their records");
            for (int turn = 0; turn < 5; turn++) {
                control.usage().collectNow();
            }

            JsonNode report = json(cliproxy, "/usage?from=0&groupBy=instance");
            Map<String, Integer> reported = new HashMap<>();
            report.path("groups").forEach(g -> reported.put(g.path("key").asText(), g.path("requests").asInt()));
            assertEquals(totals, reported, "every record each stand-in handed out, once, as its instance's");
            List<String> pagedIds = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = json(cliproxy, "/usage/requests?from=0&limit=1000"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("requests").forEach(r -> pagedIds.add(r.path("instance").asText() + " "
                        + r.path("requestId").asText()));
                cursor = page.path("next").isNull() ? null : page.path("next").asText();
            } while (cursor != null);
            List<String> expected = new ArrayList<>();
            ledgers.forEach((name, ledger) -> handedOut(ledger).forEach(id -> expected.add(name + " " + id)));
            assertEquals(expected.stream().sorted().toList(), pagedIds.stream().sorted().toList());

            JsonNode status = json(cliproxy, "/usage/status");
            Map<String, JsonNode> instances = new LinkedHashMap<>();
            status.path("instances").forEach(i -> instances.put(i.path("instance").asText(), i));
            assertEquals(List.of(UsageRecord.LOCAL, "home", "old", "refusing"), List.copyOf(instances.keySet()),
                    status.toString());
            assertEquals("collecting", status.path("state").asText(), "the top level is this machine's proxy");
            assertEquals(LOCAL_TOTAL, status.path("collected").asInt());
            JsonNode homeStatus = instances.get("home");
            assertEquals("collecting", homeStatus.path("state").asText(), homeStatus.toString());
            assertEquals("queue", homeStatus.path("feed").asText());
            assertEquals(HOME_TOTAL, homeStatus.path("collected").asInt());
            assertTrue(homeStatus.path("lastDrain").path("by").asText().startsWith("cliproxy-control pid "));
            assertTrue(homeStatus.path("lastSuccessAt").asLong() > 0, homeStatus.toString());
            JsonNode refusedStatus = instances.get("refusing");
            assertEquals("unauthorized", refusedStatus.path("state").asText(), refusedStatus.toString());
            assertTrue(refusedStatus.path("lastError").asText().contains("managementKey of fleet instance refusing"));
            assertEquals(1, refusing.failedLogins(), "a refused key is not sent again, whatever the turns");
            assertEquals("unsupported", instances.get("old").path("state").asText());
            assertTrue(instances.get("old").path("lastError").asText().contains("v6.10.8"));
            assertFalse(logs.text().contains(KEY) || logs.text().contains(WRONG), "a log line shows a key");
        } finally {
            remotes.forEach(RemoteStandIn::close);
            local.cleanUp();
        }
        answers.forEach(answer -> assertFalse(answer.contains(KEY) || answer.contains(WRONG),
                "an answer shows a key: " + answer));
    }

    private static RemoteStandIn track(List<RemoteStandIn> remotes, RemoteStandIn remote) {
        remotes.add(remote);
        return remote;
    }

    private void register(TestHttpClient fleet, String name, RemoteStandIn proxy, String key) throws Exception {
        HttpResponse<String> registered = fleet.send("POST", "/instances", JSON.writeValueAsString(Map.of(
                "name", name, "baseUrl", proxy.baseUrl().toString(), "managementKey", key)),
                "Content-Type", "application/json");
        answers.add(registered.body());
        assertEquals(201, registered.statusCode(), registered.body());
    }

    private JsonNode json(TestHttpClient client, String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        answers.add(response.body());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> handedOut(Path ledger) {
        try {
            if (!Files.exists(ledger)) {
                return List.of();
            }
            return Files.readAllLines(ledger).stream().flatMap(line -> Arrays.stream(line.split(" ")))
                    .filter(id -> !id.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
