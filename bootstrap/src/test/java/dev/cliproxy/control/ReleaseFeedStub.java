package dev.cliproxy.control;

import com.sun.net.httpserver.HttpExchange;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.testkit.Archives;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback GitHub: {@code /repos/<repo>/releases/latest}, {@code /releases/tags/v<version>} with assets
 * ({@code .tar.gz}, {@code .zip}, {@code checksums.txt}) and their digests, and the assets themselves under
 * {@code /download/}, which can be cut mid-way or sent slowly.
 */
final class ReleaseFeedStub implements AutoCloseable {

    static final Platform PLATFORM = Platform.of(System.getProperty("os.name"), System.getProperty("os.arch"))
            .orElseThrow();

    /** How an asset is served; {@code HELD}: half of it, then the rest once {@link #letHeldGo()} is called. */
    enum Serving { WHOLE, CUT_HALFWAY, SLOW, HELD }

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> releases = new ConcurrentHashMap<>();
    private volatile String latest = "0.0.1";
    private volatile Serving serving = Serving.WHOLE;
    private final CountDownLatch held = new CountDownLatch(1);
    private final LoopbackStub stub;

    ReleaseFeedStub() throws IOException {
        stub = new LoopbackStub(this::respond);
    }

    URI uri() {
        return stub.uri();
    }

    void serving(Serving how) {
        serving = how;
    }

    /** Downloads held half-way go on, and later ones are no longer held. */
    void letHeldGo() {
        held.countDown();
    }

    /**
     * Publishes {@code version} with the platform's archive {@code archive}; {@code digest} as GitHub gives it
     * ({@code null}: none); {@code checksums} the text of a {@code checksums.txt} asset ({@code null}: none).
     */
    void publish(String version, byte[] archive, String digest, String checksums) {
        publish(version, List.of(new Asset(assetName(version), archive, digest)), checksums);
    }

    /** Publishes {@code version} with a right digest. */
    void publish(String version, byte[] archive) {
        publish(version, archive, "sha256:" + sha256(archive), null);
    }

    /** An asset of a release: its name, content and digest ({@code null}: none). */
    record Asset(String name, byte[] content, String digest) {
        /** With a right digest. */
        static Asset of(String name, byte[] content) {
            return new Asset(name, content, "sha256:" + sha256(content));
        }
    }

    /** Publishes {@code version} with these assets and {@code checksums} ({@code null}: no checksums.txt). */
    void publish(String version, List<Asset> published, String checksums) {
        List<String> assets = new ArrayList<>();
        for (Asset asset : published) {
            files.put(asset.name(), asset.content());
            assets.add(asset(asset.name(), asset.content().length, asset.digest()));
        }
        if (checksums != null) {
            files.put("checksums-" + version + ".txt", checksums.getBytes(StandardCharsets.UTF_8));
            assets.add("{\"name\":\"checksums.txt\",\"size\":" + checksums.length()
                    + ",\"browser_download_url\":\"" + uri() + "/download/checksums-" + version + ".txt\"}");
        }
        releases.put(version, "{\"tag_name\":\"v" + version + "\",\"assets\":[" + String.join(",", assets) + "]}");
        latest = version;
    }

    /** The name of this platform's archive as published ({@code .tar.gz} here, {@code .zip} on Windows). */
    static String assetName(String version) {
        return PLATFORM.assetNames(Backend.ORIGINAL, version).getFirst();
    }

    /** The name of this platform's {@code .zip} archive. */
    static String zipName(String version) {
        return PLATFORM.assetNames(Backend.ORIGINAL, version).stream().filter(name -> name.endsWith(".zip"))
                .findFirst().orElseThrow();
    }

    private String asset(String name, long size, String digest) {
        return "{\"name\":\"" + name + "\",\"size\":" + size + ",\"browser_download_url\":\"" + uri() + "/download/"
                + name + "\"" + (digest == null ? "" : ",\"digest\":\"" + digest + "\"") + "}";
    }

    private void respond(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String repo = "/repos/" + Backend.ORIGINAL.releaseRepository() + "/releases";
        if (path.equals(repo + "/latest")) {
            LoopbackStub.json(exchange, 200, "{\"tag_name\":\"v" + latest + "\",\"prerelease\":false}");
        } else if (path.startsWith(repo + "/tags/v") && releases.containsKey(path.substring((repo + "/tags/v").length()))) {
            LoopbackStub.json(exchange, 200, releases.get(path.substring((repo + "/tags/v").length())));
        } else if (path.startsWith("/download/") && files.containsKey(path.substring("/download/".length()))) {
            send(exchange, files.get(path.substring("/download/".length())));
        } else {
            LoopbackStub.json(exchange, 404, "{\"message\":\"Not Found\"}");
        }
    }

    private void send(HttpExchange exchange, byte[] content) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, content.length);
        OutputStream out = exchange.getResponseBody();
        switch (serving) {
            case WHOLE -> out.write(content);
            case CUT_HALFWAY -> {
                out.write(content, 0, content.length / 2);
                out.flush();
                exchange.close();
                return;
            }
            case HELD -> {
                out.write(content, 0, content.length / 2);
                out.flush();
                try {
                    held.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write(content, content.length / 2, content.length - content.length / 2);
            }
            case SLOW -> {
                for (int i = 0; i < content.length; i += 64) {
                    out.write(content, i, Math.min(64, content.length - i));
                    out.flush();
                    try {
                        new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
        out.close();
    }

    @Override
    public void close() {
        held.countDown();
        stub.close();
    }

    static String sha256(byte[] content) {
        try {
            return ReleaseAsset.hex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A release archive as the platform's is: the binary (with this launcher text) and a LICENSE. */
    static byte[] release(String launcher) throws IOException {
        return Archives.tarGz(releaseEntries(launcher));
    }

    /** The same files as {@link #release}, in a {@code .zip}. */
    static byte[] releaseZip(String launcher) throws IOException {
        return Archives.zip(releaseEntries(launcher));
    }

    private static List<Archives.Entry> releaseEntries(String launcher) {
        return List.of(Archives.Entry.file("LICENSE", "MIT\n"),
                Archives.Entry.file(Backend.ORIGINAL.binaryName(), launcher),
                Archives.Entry.file("config.example.yaml", "port: 8317\n"));
    }
}
