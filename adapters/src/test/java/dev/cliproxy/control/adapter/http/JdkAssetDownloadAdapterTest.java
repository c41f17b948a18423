package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkAssetDownloadAdapterTest {

    private static final byte[] CONTENT = "0123456789".repeat(20_000).getBytes();

    @TempDir
    Path temp;
    private final JdkAssetDownloadAdapter downloads = new JdkAssetDownloadAdapter(Map.of(), Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    @Test
    void aDownloadIsStreamedToDiskHashedAndReportedAsItArrives() throws Exception {
        try (LoopbackStub stub = new LoopbackStub(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/moved")) {
                exchange.getResponseHeaders().set("Location", "/asset");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(CONTENT);
            }
        })) {
            List<long[]> progress = new ArrayList<>();
            Path target = temp.resolve("a.tar.gz");
            String sha = downloads.download(stub.uri() + "/moved", target, 1_000_000,
                    (bytes, total) -> progress.add(new long[] {bytes, total}));
            assertArrayEquals(CONTENT, Files.readAllBytes(target));
            assertEquals(ReleaseAsset.hex(MessageDigest.getInstance("SHA-256").digest(CONTENT)), sha);
            assertEquals(CONTENT.length, progress.getLast()[0]);
            assertEquals(CONTENT.length, progress.getLast()[1]);
        }
    }

    @Test
    void theEnvironmentsProxyCarriesTheDownloadAsItCarriesTheUpdateCheck() throws Exception {
        List<String> asked = new ArrayList<>();
        try (LoopbackStub proxy = new LoopbackStub(exchange -> {
            asked.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(CONTENT);
            }
        })) {
            JdkAssetDownloadAdapter proxied = new JdkAssetDownloadAdapter(Map.of("HTTP_PROXY", proxy.uri().toString()),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
            Path target = temp.resolve("p.tar.gz");
            proxied.download("http://releases.example.test/v6.9.2/a.tar.gz", target, 1_000_000, (bytes, total) -> {
            });
            assertArrayEquals(CONTENT, Files.readAllBytes(target));
            assertEquals(List.of("http://releases.example.test/v6.9.2/a.tar.gz"), asked, "asked of the proxy");
        }
    }

    @Test
    void aDownloadCutMidwayFailsAndLeavesNoFile() throws Exception {
        try (LoopbackStub stub = new LoopbackStub(exchange -> {
            exchange.sendResponseHeaders(200, CONTENT.length);
            OutputStream out = exchange.getResponseBody();
            out.write(CONTENT, 0, CONTENT.length / 2);
            out.flush();
            exchange.close();
        })) {
            Path target = temp.resolve("cut.tar.gz");
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> downloads.download(stub.uri() + "/asset", target, 1_000_000, (bytes, total) -> { }));
            assertEquals("download_cut", e.code().orElseThrow());
            assertFalse(Files.exists(target));
        }
    }

    @Test
    void moreThanTheLimitIsRefusedAndAStallIsCutAtTheDeadline() throws Exception {
        try (LoopbackStub stub = new LoopbackStub(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(CONTENT);
            out.flush();
            if (exchange.getRequestURI().getPath().equals("/stall")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.close();
        })) {
            ServiceUnavailableException tooLarge = assertThrows(ServiceUnavailableException.class,
                    () -> downloads.download(stub.uri() + "/big", temp.resolve("big"), 1000, (b, t) -> { }));
            assertEquals("download_too_large", tooLarge.code().orElseThrow());
            JdkAssetDownloadAdapter impatient = new JdkAssetDownloadAdapter(Map.of(), Duration.ofSeconds(5),
                    Duration.ofMillis(500));
            ServiceUnavailableException stalled = assertThrows(ServiceUnavailableException.class,
                    () -> impatient.download(stub.uri() + "/stall", temp.resolve("stall"), 1_000_000, (b, t) -> { }));
            assertEquals("download_timeout", stalled.code().orElseThrow());
            assertTrue(Files.notExists(temp.resolve("stall")));
        }
    }

    @Test
    void anAnswerOtherThanOkOrAnnouncingMoreThanTheLimitFailsWithoutAFile() throws Exception {
        try (LoopbackStub stub = new LoopbackStub(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/missing")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, CONTENT.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(CONTENT);
                }
            }
            exchange.close();
        })) {
            Path missing = temp.resolve("missing");
            assertEquals("download_error", assertThrows(ServiceUnavailableException.class,
                    () -> downloads.download(stub.uri() + "/missing", missing, 1_000_000, (b, t) -> { }))
                    .code().orElseThrow());
            assertFalse(Files.exists(missing));

            List<long[]> progress = new ArrayList<>();
            Path announced = temp.resolve("announced");
            assertEquals("download_too_large", assertThrows(ServiceUnavailableException.class,
                    () -> downloads.download(stub.uri() + "/asset", announced, CONTENT.length - 1,
                            (b, t) -> progress.add(new long[] {b, t}))).code().orElseThrow());
            assertFalse(Files.exists(announced));
            assertEquals(List.of(), progress, "refused before a byte was read");

            Path exact = temp.resolve("exact");
            downloads.download(stub.uri() + "/asset", exact, CONTENT.length, (b, t) -> progress.add(new long[] {b, t}));
            assertArrayEquals(CONTENT, Files.readAllBytes(exact));
            assertArrayEquals(new long[] {0, CONTENT.length}, progress.getFirst(), "the start is reported too");
        }
    }

    @Test
    void aTextIsReadWholeWithinItsLimit() throws Exception {
        String sums = "abc123  cli-proxy-api_6.9.2_linux_amd64.tar.gz\n";
        try (LoopbackStub stub = new LoopbackStub(exchange -> {
            byte[] bytes = sums.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        })) {
            assertEquals(sums, downloads.text(stub.uri() + "/checksums.txt", sums.length()));
            assertEquals("download_too_large", assertThrows(ServiceUnavailableException.class,
                    () -> downloads.text(stub.uri() + "/checksums.txt", sums.length() - 1)).code().orElseThrow());
        }
    }

    @Test
    void onlyAnHttpUrlWithAHostIsFetched() {
        for (String url : List.of("ftp://example.test/a.tar.gz", "file:///etc/passwd", "http:///a.tar.gz",
                "https://exa mple.test/a", "/relative/a.tar.gz")) {
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> downloads.download(url, temp.resolve("u"), 1000, (b, t) -> { }), url);
            assertEquals("download_error", e.code().orElseThrow(), url);
        }
        assertFalse(Files.exists(temp.resolve("u")));
    }
}
