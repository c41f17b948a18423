package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.rules.ProxyConfigYaml;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The config file of a proxy on another host, through its management API ({@code GET} and {@code PUT config.yaml},
 * which the proxy validates, writes and reloads itself). Content is checked by the same YAML rules as a local file
 * before anything is sent. {@code If-Match} is checked against the content read just before the write, under a lock
 * of this program's writers: the proxy offers no conditional write, so a change made on its host in between is
 * not seen. Its path on that host is not told: documents name the file {@code config.yaml}.
 */
public final class RemoteProxyConfigFileAdapter implements ProxyConfigFilePort {

    static final Path FILE = Path.of("config.yaml");

    private final RemoteProxyClient client;
    private final int maxBytes;
    private final ReentrantLock writers = new ReentrantLock();

    /** @param maxBytes the largest config read or written */
    public RemoteProxyConfigFileAdapter(RemoteProxyClient client, long maxBytes) {
        this.client = client;
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
    }

    @Override
    public Optional<ConfigDocument> read(int port) {
        HttpResponse<byte[]> answer = client.management(HttpRequest.newBuilder().GET(), "config.yaml", maxBytes);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            throw failed("GET", answer);
        }
        return Optional.of(new ConfigDocument(FILE, answer.body(), EntityTag.of(answer.body())));
    }

    @Override
    public ConfigUpdate replace(int port, String content, WritePrecondition precondition) {
        ProxyConfigYaml.check(content);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        writers.lock();
        try {
            if (!(precondition instanceof WritePrecondition.Unconditional)
                    && !precondition.allows(read(port).map(ConfigDocument::etag))) {
                throw new PreconditionFailedException(ErrorCode.ETAG_MISMATCH,
                        "The config file changed since it was read: read it again, then retry");
            }
            HttpResponse<byte[]> answer = client.management(HttpRequest.newBuilder()
                    .header("Content-Type", "application/yaml; charset=utf-8")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), "config.yaml", RemoteProxyClient.MAX_JSON_BYTES);
            if (answer.statusCode() == 400 || answer.statusCode() == 422) {
                throw new InvalidInputException(ErrorCode.INVALID_YAML, "The proxy at " + client.target().baseUri()
                        + " refused the config" + client.remoteError(answer.body()));
            }
            if (answer.statusCode() != 200) {
                throw failed("PUT", answer);
            }
            return new ConfigUpdate(FILE, EntityTag.of(bytes));
        } finally {
            writers.unlock();
        }
    }

    @Override
    public OptionalInt declaredPort(String content) {
        return ProxyConfigYaml.declaredPort(content);
    }

    /** The port the proxy's current config declares (8317 when none): what a new content must keep. */
    @Override
    public int listenPort(int port) {
        return read(port).map(document -> {
            try {
                return declaredPort(new String(document.content(), StandardCharsets.UTF_8))
                        .orElse(CcsLayout.DEFAULT_PROXY_PORT);
            } catch (InvalidInputException unreadable) {
                // A current config the rules refuse says nothing: the URL's port is all there is to keep.
                return port;
            }
        }).orElse(port);
    }

    private UpstreamFailureException failed(String method, HttpResponse<byte[]> answer) {
        return new UpstreamFailureException(ErrorCode.REMOTE_ERROR, "The proxy at " + client.target().baseUri()
                + " answered " + method + " config.yaml with HTTP " + answer.statusCode()
                + client.remoteError(answer.body()));
    }
}
