package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls a provider directly with the token of its file, through the outbound proxy the environment names. */
public final class JdkUpstreamCallAdapter implements UpstreamCallPort {

    private final LazyHttpClient client;
    private final Duration timeout;

    public JdkUpstreamCallAdapter(Duration timeout, ProxySelector proxySelector) {
        this.timeout = timeout;
        this.client = new LazyHttpClient(() -> HttpClient.newBuilder()
                .proxy(proxySelector)
                .connectTimeout(timeout)
                // Never follow: a redirect must not carry the token to another host.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public UpstreamResponse call(UpstreamRequest request, Credential credential) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .method(request.method(), request.body()
                        .map(HttpRequest.BodyPublishers::ofString)
                        .orElse(HttpRequest.BodyPublishers.noBody()));
        request.headers().forEach(builder::header);
        builder.header("Authorization", request.authScheme() + " " + credential.accessToken());
        return send(client.get(), builder.build(), request.uri().getHost(), timeout);
    }

    /** Sends and reads the whole answer; failures name the host, never the request's headers. */
    static UpstreamResponse send(HttpClient client, HttpRequest request, String host, Duration timeout) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name, values.getFirst());
                }
            });
            return new UpstreamResponse(response.statusCode(), headers, response.body());
        } catch (HttpTimeoutException e) {
            throw new UpstreamTimeoutException(ErrorCode.UPSTREAM_TIMEOUT, host + " did not answer within "
                    + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, host + " could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, "interrupted while calling " + host);
        }
    }
}
