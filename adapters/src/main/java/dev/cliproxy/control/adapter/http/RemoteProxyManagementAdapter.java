package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import java.net.http.HttpRequest;

/**
 * Provider calls through the {@code api-call} of a proxy on another host, which puts its own fresh token in: the
 * same calls as a local proxy's ({@link JdkProxyManagementApiAdapter}), under the rules of its management API. The
 * port and secret of each call are its settings' (its URL port and management key): this adapter serves its one
 * proxy, with the key its client holds.
 */
public final class RemoteProxyManagementAdapter implements ProxyManagementPort {

    private final RemoteProxyClient client;

    public RemoteProxyManagementAdapter(RemoteProxyClient client) {
        this.client = client;
    }

    @Override
    public UpstreamResponse apiCall(int port, String managementSecret, Credential credential,
                                    UpstreamRequest request) {
        String call = JdkProxyManagementApiAdapter.apiCall(client.managementJson("auth-files"), credential, request);
        var answer = client.management(HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call)), "api-call", RemoteProxyClient.MAX_JSON_BYTES);
        return JdkProxyManagementApiAdapter.upstreamAnswer(RemoteProxyClient.json(answer.body())
                .orElse(UpstreamAnswers.JSON.createObjectNode()));
    }
}
