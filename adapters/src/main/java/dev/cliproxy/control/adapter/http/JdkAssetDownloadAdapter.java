package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Release files through the JDK client, streamed to disk and hashed on the way, honouring
 * {@code HTTPS_PROXY}/{@code NO_PROXY}. GitHub serves assets by redirecting to its storage host, so redirects are
 * followed (never from https to http); no credential is ever sent (release assets are public). A stalled transfer
 * is cut when the whole download exceeds its deadline.
 */
public final class JdkAssetDownloadAdapter implements AssetDownloadPort {

    /** A proxy archive is some tens of megabytes; even a slow line moves that in a few minutes. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    private static final int BUFFER = 64 * 1024;

    private final LazyHttpClient client;
    private final Duration connectTimeout;
    private final Duration deadline;

    public JdkAssetDownloadAdapter(Map<String, String> environment, Duration connectTimeout, Duration deadline) {
        this(new LazyHttpClient(() -> HttpClient.newBuilder()
                .proxy(EnvironmentProxySelector.from(environment))
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()), connectTimeout, deadline);
    }

    private JdkAssetDownloadAdapter(LazyHttpClient client, Duration connectTimeout, Duration deadline) {
        this.client = client;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public String download(String url, Path target, long maxBytes, Progress progress) {
        MessageDigest sha256 = sha256();
        try {
            transfer(url, maxBytes, (in, total) -> {
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                        sha256)) {
                    copy(in, out, total, maxBytes, progress);
                }
            });
            return ReleaseAsset.hex(sha256.digest());
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    @Override
    public String text(String url, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transfer(url, maxBytes, (in, total) -> copy(in, out, total, maxBytes, (bytes, all) -> { }));
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface Body {
        void read(InputStream in, OptionalLong total) throws IOException;
    }

    private void transfer(String url, long maxBytes, Body body) {
        URI uri = uri(url);
        String host = uri.getHost();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(connectTimeout.plus(deadline))
                .header("Accept", "application/octet-stream")
                .header("User-Agent", GitHubReleaseFeedAdapter.USER_AGENT)
                .GET().build();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("cliproxy-download-deadline").factory());
        try {
            HttpResponse<InputStream> response = client.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                // Closing the stream from the timer aborts a read that waits for bytes that never come.
                ScheduledFuture<?> cut = timer.schedule(() -> {
                    timedOut.set(true);
                    closeQuietly(in);
                }, deadline.toNanos(), TimeUnit.NANOSECONDS);
                if (response.statusCode() != 200) {
                    throw failed(host + " answered HTTP " + response.statusCode(), ErrorCode.DOWNLOAD_ERROR, null);
                }
                OptionalLong total = response.headers().firstValueAsLong("Content-Length");
                if (total.isPresent() && total.getAsLong() > maxBytes) {
                    throw failed(host + " announced " + total.getAsLong() + " bytes, more than the "
                            + maxBytes + " allowed", ErrorCode.DOWNLOAD_TOO_LARGE, null);
                }
                body.read(in, total);
                cut.cancel(false);
            }
        } catch (TooLarge e) {
            throw failed(host + " sent more than the " + maxBytes + " bytes allowed", ErrorCode.DOWNLOAD_TOO_LARGE, e);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw failed(host + " did not send the whole file within " + BoundedExchange.describe(deadline),
                        ErrorCode.DOWNLOAD_TIMEOUT, e);
            }
            throw failed("the download from " + host + " broke off (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", ErrorCode.DOWNLOAD_CUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while downloading from " + host, ErrorCode.INTERRUPTED, e);
        } finally {
            timer.shutdownNow();
        }
    }

    private static void copy(InputStream in, OutputStream out, OptionalLong total, long maxBytes, Progress progress)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long received = 0;
        progress.received(0, total.orElse(-1));
        for (int n; (n = in.read(buffer)) >= 0; ) {
            received += n;
            if (received > maxBytes) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
            progress.received(received, total.orElse(-1));
        }
        if (total.isPresent() && received != total.getAsLong()) {
            throw new IOException("got " + received + " of " + total.getAsLong() + " bytes");
        }
    }

    private static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw failed("the release names a download that is not an http(s) URL", ErrorCode.DOWNLOAD_ERROR, null);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw failed("the release names an invalid download URL", ErrorCode.DOWNLOAD_ERROR, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ServiceUnavailableException failed(String message, ErrorCode code, Throwable cause) {
        return new ServiceUnavailableException(code, message, cause);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only to abort a read: nothing else to do.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The staging directory it is in is removed with the next install.
        }
    }

    /** More bytes than allowed arrived. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
