package dev.cliproxy.control.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in's management listing, which the Node dashboard's {@code error-logs} route depends on. */
class StandInProxyTest {

    @TempDir
    Path temp;
    private Process proxy;

    @AfterEach
    void stop() throws InterruptedException {
        if (proxy != null) {
            proxy.destroyForcibly();
            proxy.waitFor();
        }
    }

    @Test
    void listsTheErrorLogsOfItsWritablePathNewestFirstForTheManagementSecretOnly() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        Path writable = layout.ccsDirectory().resolve("cliproxy");
        Path logs = Files.createDirectories(writable.resolve("logs"));
        writeLog(logs.resolve("error-v1-messages-older.log"), "old", 100);
        writeLog(logs.resolve("error-v1-messages-newer.log"), "newer one", 200);
        Files.writeString(logs.resolve("main.log"), "not an error log");
        Files.createDirectories(logs.resolve("error-directory.log"));
        int port = StandInConfig.freePort();
        Path config = StandInConfig.write(layout, port, "remote-management:", "  allow-remote: false",
                "  secret-key: \"the-secret\"");
        start(config, writable, port);

        HttpResponse<String> listing = get(port, "the-secret");
        assertEquals(200, listing.statusCode(), listing.body());
        assertEquals("{\"files\":[{\"name\":\"error-v1-messages-newer.log\",\"size\":9,\"modified\":200},"
                + "{\"name\":\"error-v1-messages-older.log\",\"size\":3,\"modified\":100}]}", listing.body());
        assertEquals(401, get(port, "wrong").statusCode());
    }

    @Test
    void likeTheRealProxyItHashesAPlainSecretInItsConfigAndChecksKeysAgainstTheHash() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        Path config = StandInConfig.write(layout, port, "remote-management:", "  allow-remote: false",
                "  secret-key: \"the-secret\"", "  disable-control-panel: false");
        start(config, layout.ccsDirectory().resolve("cliproxy"), port);

        String written = Files.readString(config);
        assertFalse(written.contains("the-secret"), written);
        Matcher hash = Pattern.compile("(?m)^  secret-key: \"(\\$2a\\$[^\"]+)\"$").matcher(written);
        assertTrue(hash.find(), written);
        assertTrue(written.contains("  disable-control-panel: false"), "only that scalar changes: " + written);
        assertEquals(200, get(port, "the-secret").statusCode());
        assertEquals(200, proxyAt(port).get("/v0/management/request-error-logs",
                "X-Management-Key", "the-secret").statusCode());
        assertEquals(401, get(port, hash.group(1)).statusCode(), "the hash read back from the config is no key");
    }

    @Test
    void itAcceptsOnlyTheApiKeysOfItsConfigOnTheModelsRoute() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        start(StandInConfig.write(layout, port), layout.ccsDirectory().resolve("cliproxy"), port);

        assertEquals(200, models(port, StandInConfig.API_KEY).statusCode());
        assertEquals(401, models(port, "ccs-internal-managed").statusCode());
    }

    @Test
    void hasNoManagementApiWithoutASecret() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        start(StandInConfig.write(layout, port), layout.ccsDirectory().resolve("cliproxy"), port);

        assertEquals(404, get(port, "anything").statusCode());
    }

    @Test
    void itsManagementApiServesTheConfigLogsAuthFilesAndKeysWithItsVersionOnEveryAnswer() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        Path writable = layout.ccsDirectory().resolve("cliproxy");
        Path logs = Files.createDirectories(writable.resolve("logs"));
        writeLog(logs.resolve("error-v1-chat-1.log"), "=== RESPONSE ===\nStatus: 500\n", 100);
        Path auth = Files.createDirectories(writable.resolve("auth"));
        Files.writeString(auth.resolve("codex-a@x.json"), "{\"type\":\"codex\",\"email\":\"a@x\",\"access_token\":\"t\"}");
        int port = StandInConfig.freePort();
        Path config = StandInConfig.write(layout, port, "stand-in-version: 6.9.6", "remote-management:",
                "  secret-key: \"the-secret\"");
        start(config, writable, port);
        TestHttpClient proxy = proxyAt(port);
        String[] key = {"Authorization", "Bearer the-secret"};

        HttpResponse<String> debug = proxy.get("/v0/management/debug", key);
        assertEquals("{\"debug\":false}", debug.body());
        assertEquals("6.9.6", debug.headers().firstValue("X-CPA-VERSION").orElseThrow());
        assertEquals("{\"api-keys\":[\"" + StandInConfig.API_KEY + "\"]}", proxy.get("/v0/management/api-keys", key)
                .body());
        assertEquals(Files.readString(config), proxy.get("/v0/management/config.yaml", key).body());
        assertEquals("=== RESPONSE ===\nStatus: 500\n",
                proxy.get("/v0/management/request-error-logs/error-v1-chat-1.log", key).body());
        assertEquals(404, proxy.get("/v0/management/request-error-logs/error-none.log", key).statusCode());
        assertEquals(400, proxy.get("/v0/management/request-error-logs/main.log", key).statusCode());
        String files = proxy.get("/v0/management/auth-files", key).body();
        assertTrue(files.contains("\"name\":\"codex-a@x.json\"") && files.contains("\"email\":\"a@x\"")
                && files.contains("\"type\":\"codex\"") && files.contains("\"source\":\"file\""), files);
        assertTrue(proxy.get("/v0/management/auth-files/download?name=codex-a%40x.json", key).body()
                .contains("\"access_token\":\"t\""));
        assertEquals(400, proxy.get("/v0/management/auth-files/download?name=../x.json", key).statusCode());

        String replaced = Files.readString(config) + "debug: true\n";
        HttpResponse<String> put = proxy.put("/v0/management/config.yaml", replaced, key[0], key[1],
                "Content-Type", "application/yaml");
        assertEquals("{\"ok\":true,\"changed\":[\"config\"]}", put.body());
        assertEquals(replaced, Files.readString(config));
        assertEquals(400, proxy.put("/v0/management/config.yaml", "not yaml", key[0], key[1]).statusCode());
        HttpResponse<String> refused = proxy.get("/v0/management/debug", "Authorization", "Bearer wrong");
        assertEquals(401, refused.statusCode());
        assertEquals("6.9.6", refused.headers().firstValue("X-CPA-VERSION").orElseThrow(), "refusals carry it too");
    }

    @Test
    void fiveFailedLoginsBanTheAddressAsTheRealProxyDoesAndItsStatsTellThem() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        int port = StandInConfig.freePort();
        start(StandInConfig.write(layout, port, "remote-management:", "  secret-key: \"the-secret\""),
                layout.ccsDirectory().resolve("cliproxy"), port);
        TestHttpClient proxy = proxyAt(port);

        assertEquals(401, proxy.get("/v0/management/debug").statusCode(), "a missing key is a failed login too");
        assertEquals(200, get(port, "the-secret").statusCode(), "a success starts the count again");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, get(port, "wrong").statusCode());
        }
        HttpResponse<String> banned = get(port, "the-secret");
        assertEquals(403, banned.statusCode());
        assertTrue(banned.body().contains("IP banned"), banned.body());
        assertEquals("{\"requests\":8,\"failedLogins\":6}", proxy.get("/stand-in/management-stats").body());
    }

    /**
     * A stop right after the first answer (as a control's stop right after its start answered) is announced like
     * any other, and the first answer's line is there: the benchmarks read both instants. The hook was once added
     * after the first answer could be given, and a SIGTERM in between met "Shutdown in progress" instead; the line
     * was printed after the answer. Asked in a tight loop from the moment it is launched, as the control's
     * readiness check does, and stopped at its first answer.
     */
    @Test
    void aStopRightAfterTheFirstAnswerIsAnnouncedOnExit() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        Path writable = Files.createDirectories(layout.ccsDirectory().resolve("cliproxy"));
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = StandInConfig.freePort();
            launch(StandInConfig.write(layout, port), writable);
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (!healthy(port)) {
                assertTrue(proxy.isAlive() && System.nanoTime() < deadline, "the stand-in did not start");
            }
            proxy.destroy();
            proxy.waitFor();
            String output = Files.readString(temp.resolve("proxy.out"));
            assertTrue(output.contains("stand-in: first answered at") && output.contains("stand-in: exiting at"),
                    output);
            assertFalse(output.contains("Exception"), output);
        }
    }

    /** One health request on a plain socket, with no pause: false while nothing listens. */
    private static boolean healthy(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).endsWith("200");
        } catch (ConnectException notYet) {
            return false;
        }
    }

    private void start(Path config, Path writable, int port) throws Exception {
        launch(config, writable);
        Await.until(() -> !proxy.isAlive() || answers(port), "the stand-in to answer or exit");
        assertTrue(proxy.isAlive() && answers(port), "the stand-in did not start");
    }

    private void launch(Path config, Path writable) throws IOException {
        Path binary = StandInLauncher.install(temp.resolve("bin"));
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("proxy.out").toFile());
        builder.environment().put("WRITABLE_PATH", writable.toString());
        proxy = builder.start();
    }

    private boolean answers(int port) {
        try {
            return proxyAt(port).get("/").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> get(int port, String key) throws Exception {
        return proxyAt(port).get("/v0/management/request-error-logs", "Authorization", "Bearer " + key);
    }

    private HttpResponse<String> models(int port, String key) throws Exception {
        return proxyAt(port).get("/v1/models", "Authorization", "Bearer " + key);
    }

    private static TestHttpClient proxyAt(int port) {
        return TestHttpClient.at("http://127.0.0.1:" + port);
    }

    private static void writeLog(Path file, String content, long modifiedSecond) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(modifiedSecond)));
    }
}
