package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /install}, {@code GET /install} and the install steps on {@code GET /events}, through two real servers
 * on one CCS directory and the loopback release feed: one operation at a time across both, the answers' shapes,
 * every step told with its data, and the refusal of a version with known bugs unless forced.
 */
class InstallHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private ReleaseFeedStub feed;
    private Path binary;
    private final List<EventStream> streams = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        fixture = new StandInFixture(temp).config();
        feed = new ReleaseFeedStub();
        binary = InstallTest.installOld(fixture);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (EventStream stream : streams) {
            stream.close();
        }
        fixture.cleanUp();
        feed.close();
    }

    /** A control server on the fixture's CCS directory, serving HTTP; the client of its API. */
    private TestHttpClient server() {
        CliProxyControl control = fixture.track(CliProxyControl.builder()
                .ccsDirectory(fixture.layout.ccsDirectory()).environment(Map.of())
                .upstream(Upstream.GITHUB, feed.uri()).startupTimeout(StandInFixture.WAIT).build());
        HttpServerHandle handle = control.serveHttp(HttpServerOptions.defaults().withPort(0).withAccessLog(false));
        return TestHttpClient.at(handle.uri() + "/api/cliproxy").withTimeout(Duration.ofSeconds(120));
    }

    private EventStream events(TestHttpClient server) throws IOException, InterruptedException {
        EventStream stream = new EventStream(server);
        streams.add(stream);
        assertEquals("status", stream.next(EVENT_WAIT).name(), "a stream opens with the current status");
        return stream;
    }

    /** The install step events up to and including {@code last}, downloads included. */
    private static List<EventStream.Event> stepsUntil(EventStream stream, String last) throws InterruptedException {
        List<EventStream.Event> steps = new ArrayList<>();
        EventStream.Event event;
        do {
            event = stream.next(EVENT_WAIT);
            if (event.data().has("operation")) {
                steps.add(event);
            }
        } while (!event.name().equals(last));
        return steps;
    }

    private static List<String> names(List<EventStream.Event> events) {
        return events.stream().map(EventStream.Event::name).filter(name -> !name.equals("download")).toList();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void twoServersOnOneCcsDirectoryInstallOneAtATimeAndEveryStepIsToldOnTheEvents() throws Exception {
        byte[] archive = ReleaseFeedStub.release(InstallTest.launcher(InstallTest.NEW));
        feed.publish(InstallTest.NEW, archive);
        feed.serving(ReleaseFeedStub.Serving.HELD);
        TestHttpClient first = server();
        TestHttpClient second = server();
        EventStream events = events(first);
        assertEquals("{\"running\":false}", first.get("/install").body(), "none ran yet");

        CompletableFuture<HttpResponse<String>> install = first.sendAsync("POST", "/install",
                "{\"version\":\"" + InstallTest.NEW + "\"}");
        EventStream.Event download = events.next(EVENT_WAIT);
        assertEquals("download", download.name());
        assertEquals(archive.length, download.data().get("total").asLong());
        assertEquals("install", download.data().get("operation").asText());

        JsonNode running = json(first.get("/install"));
        assertTrue(running.get("running").asBoolean(), running.toString());
        assertEquals(InstallTest.NEW, running.get("version").asText());
        assertEquals("download", running.get("step").get("type").asText());
        HttpResponse<String> refused = second.post("/install", "{\"version\":\"" + InstallTest.NEW + "\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("install_in_progress", json(refused).get("code").asText());
        assertTrue(json(refused).get("message").asText().contains("another control server"), refused.body());

        feed.letHeldGo();
        HttpResponse<String> done = install.get(2, TimeUnit.MINUTES);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("{\"success\":true,\"version\":\"" + InstallTest.NEW + "\",\"previousVersion\":\""
                + InstallTest.OLD + "\",\"restarted\":false}", done.body());
        List<EventStream.Event> steps = stepsUntil(events, "promoted");
        assertEquals(List.of("verified", "staged", "promoted"), names(steps));
        EventStream.Event lastDownload = steps.stream().filter(e -> e.name().equals("download"))
                .reduce(download, (a, b) -> b);
        assertEquals(archive.length, lastDownload.data().get("bytes").asLong(), "the last download event: all of it");
        JsonNode last = json(first.get("/install"));
        assertFalse(last.get("running").asBoolean());
        assertTrue(last.get("success").asBoolean());
        assertTrue(last.get("finishedAt").asLong() >= last.get("startedAt").asLong());
        assertEquals("promoted", last.get("step").get("type").asText());

        // Now the other server's turn, and the answer of a failed install with its event.
        feed.publish("6.9.3", ReleaseFeedStub.release(InstallTest.launcher("6.9.3")), "sha256:" + "0".repeat(64), null);
        EventStream otherEvents = events(second);
        HttpResponse<String> failed = second.post("/install", "{\"version\":\"6.9.3\"}");
        assertEquals(200, failed.statusCode());
        assertFalse(json(failed).get("success").asBoolean());
        assertFalse(json(failed).get("rolledBack").asBoolean());
        assertTrue(json(failed).get("error").asText().contains("does not match its published SHA-256"), failed.body());
        EventStream.Event told = stepsUntil(otherEvents, "failed").getLast();
        assertEquals(json(failed).get("error").asText(), told.data().get("reason").asText());
        assertEquals(InstallTest.launcher(InstallTest.NEW), Files.readString(binary));
    }

    @Test
    void aVersionWithKnownBugsIsRefusedUnlessForced() throws Exception {
        String faulty = "6.6.85";
        feed.publish(faulty, ReleaseFeedStub.release(InstallTest.launcher(faulty)));
        TestHttpClient server = server();

        HttpResponse<String> refused = server.post("/install", "{\"version\":\"" + faulty + "\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("faulty_version", json(refused).get("code").asText());
        assertEquals("Version has known bugs", json(refused).get("error").asText());
        assertTrue(json(refused).get("message").asText().contains("{\"force\":true}"), refused.body());
        assertEquals("{\"running\":false}", server.get("/install").body(), "nothing began");
        assertEquals(400, server.post("/install", "{\"version\":\"" + faulty + "\",\"force\":\"yes\"}").statusCode());
        assertEquals(InstallTest.launcher(InstallTest.OLD), Files.readString(binary));

        HttpResponse<String> forced = server.post("/install", "{\"version\":\"" + faulty + "\",\"force\":true}");
        assertEquals(200, forced.statusCode(), forced.body());
        assertTrue(json(forced).get("success").asBoolean(), forced.body());
        assertEquals(InstallTest.launcher(faulty), Files.readString(binary));
    }

    @Test
    void aPromotedVersionThatDoesNotComeUpIsToldRolledBackOnTheEvents() throws Exception {
        // It answers on the spare port with the trial's config, but refuses the real one.
        String picky = InstallTest.launcher(InstallTest.NEW).replace("\nexec ",
                "\ncase \"$2\" in */cliproxy/config*) echo 'refusing the real config'; exit 3;; esac\nexec ");
        feed.publish(InstallTest.NEW, ReleaseFeedStub.release(picky));
        TestHttpClient server = server();
        EventStream events = events(server);
        HttpResponse<String> start = server.post("/proxy-start");
        assertTrue(json(start).get("started").asBoolean(), start.body());
        fixture.recordedPid();

        HttpResponse<String> answer = server.post("/install", "{\"version\":\"" + InstallTest.NEW + "\"}");
        assertEquals(200, answer.statusCode());
        assertFalse(json(answer).get("success").asBoolean(), answer.body());
        assertTrue(json(answer).get("rolledBack").asBoolean(), answer.body());
        List<String> steps = names(stepsUntil(events, "failed"));
        assertEquals(List.of("verified", "staged", "promoted", "rolled-back", "failed"), steps);
        assertEquals(InstallTest.launcher(InstallTest.OLD), Files.readString(binary));
        assertTrue(json(server.get("/proxy-status")).get("running").asBoolean(), "the old version runs again");
        fixture.recordedPid();
    }
}
