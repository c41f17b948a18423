package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP API of a proxy on another host: its health and {@code /v1/models} at its URL. The {@code port} of each
 * call is the proxy's URL port, as its settings give it: this adapter serves its one proxy.
 */
public final class RemoteProxyApiAdapter implements ProxyApiPort {

    private final RemoteProxyClient client;

    public RemoteProxyApiAdapter(RemoteProxyClient client) {
        this.client = client;
    }

    @Override
    public ProbeResult probe(int port, Duration timeout) {
        // Whatever else answers there does not hold a local port: for a remote, all that matters is whether it is one.
        return client.health(timeout).state().answered() ? ProbeResult.PROXY : ProbeResult.NO_ANSWER;
    }

    @Override
    public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
        return JdkProxyApiAdapter.models(client.http(), client.uri("/v1/models"), apiKey, timeout,
                "at " + client.target().baseUri());
    }
}
