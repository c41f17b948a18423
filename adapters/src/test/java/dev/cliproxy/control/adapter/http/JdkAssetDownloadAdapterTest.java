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
}
