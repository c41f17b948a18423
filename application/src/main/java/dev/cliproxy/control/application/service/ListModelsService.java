package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks the running proxy for its models with one of its client API keys: the {@code ccs} clients' own key when the
 * proxy's config accepts it, else the config's first key. Whether it runs is decided exactly as
 * {@code GET /proxy-status} decides it (for a proxy on another host: it answered); the port and the keys are read
 * from the settings on every call.
 */
public final class ListModelsService implements ListModelsUseCase {

    static final String NOT_RUNNING = "CLIProxy Plus not running";
    static final String NOT_RUNNING_HINT = "Start a CLIProxy session (gemini, codex, agy) to fetch available models";

    private final GetProxyStatusUseCase status;
    private final ProxySettingsPort settings;
    private final ProxyApiPort proxyApi;
    private final Duration timeout;

    public ListModelsService(GetProxyStatusUseCase status, ProxySettingsPort settings, ProxyApiPort proxyApi,
                             Duration timeout) {
        this.status = status;
        this.settings = settings;
        this.proxyApi = proxyApi;
        this.timeout = timeout;
    }

    @Override
    public ModelCatalog models() {
        int port = switch (status.status()) {
            case ProxyStatus.Running running -> running.port();
            case ProxyStatus.Remote remote when remote.running() -> remote.port();
            case ProxyStatus.Remote remote -> throw new ServiceUnavailableException(NOT_RUNNING, "The proxy at "
                    + remote.baseUri() + " did not answer" + remote.message().map(m -> ": " + m).orElse(""));
            case ProxyStatus.NotRunning notRunning -> throw new ServiceUnavailableException(NOT_RUNNING,
                    NOT_RUNNING_HINT);
        };
        return proxyApi.models(port, Optional.of(apiKey(port)), timeout);
    }

    /** A config with no {@code api-keys} accepts any key (CLIProxyAPI then checks none): the clients' one is sent. */
    private String apiKey(int port) {
        String clientKey = settings.clientKeys().apiKey();
        List<String> accepted = settings.apiKeys(port);
        return accepted.isEmpty() || accepted.contains(clientKey) ? clientKey : accepted.getFirst();
    }
}
