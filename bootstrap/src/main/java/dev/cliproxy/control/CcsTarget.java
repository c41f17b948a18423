package dev.cliproxy.control;

import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.SharedStatusService;
import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.bootstrap.http.FileApi;
import dev.cliproxy.control.bootstrap.http.InstanceApi;
import dev.cliproxy.control.bootstrap.http.ProcessApi;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which proxy the existing routes and the facade act on: the local one, or, while the {@code ccs} settings' remote
 * mode is on ({@code cliproxy_server.remote}), the proxy on another host it names. Decided on every call, as the
 * settings are read afresh: each use case given here answers through the local use case or through the remote
 * instance's same use case. The remote instances are wired after the local ones ({@link #remoteInstances}).
 */
final class CcsTarget {

    private final ProxySettingsPort settings;
    private volatile Function<RemoteProxy, InstanceApi> remotes = target -> {
        throw new IllegalStateException("the remote instances are not wired yet");
    };

    CcsTarget(ProxySettingsPort settings) {
        this.settings = settings;
    }

    /** Where the use cases of a remote target come from, once they can be built. */
    void remoteInstances(Function<RemoteProxy, InstanceApi> instances) {
        this.remotes = Objects.requireNonNull(instances, "instances");
    }

    /** The remote instance the settings name now; empty while remote mode is off. */
    Optional<InstanceApi> remote() {
        return settings.remote().map(target -> remotes.apply(target));
    }

    /**
     * {@code local}'s status of the port the settings name, or the remote instance's status while remote mode is on;
     * concurrent callers share one look, the settings read included ({@link SharedStatusService}), which reads the
     * settings once for both the remote mode and the port.
     */
    GetProxyStatusUseCase status(GetProxyStatusService local) {
        return new SharedStatusService(() -> switch (settings.proxyTarget()) {
            case ProxyTarget.Remote remote -> remotes.apply(remote.proxy()).process().status().status();
            case ProxyTarget.Local here -> local.status(here.port());
        });
    }

    /**
     * {@code local}'s use cases, each answering through the remote instance's while remote mode is on; the status is
     * {@code status}, which {@link #status} made.
     */
    ProcessApi process(ProcessApi local, GetProxyStatusUseCase status) {
        return new ProcessApi(
                status,
                () -> process(local, ProcessApi::start).start(),
                () -> process(local, ProcessApi::stop).stop(),
                () -> process(local, ProcessApi::restart).restart(),
                local.events(),
                () -> process(local, ProcessApi::models).models(),
                local.supervision());
    }

    /** {@code local}'s use cases, each answering through the remote instance's while remote mode is on. */
    FileApi files(FileApi local) {
        return new FileApi(
                query -> files(local, FileApi::listErrorLogs).list(query),
                name -> files(local, FileApi::readErrorLog).open(name),
                new GetProxyConfigUseCase() {
                    @Override
                    public ConfigDocument read() {
                        return files(local, FileApi::getConfig).read();
                    }

                    @Override
                    public ConfigDocument readBackup() {
                        return files(local, FileApi::getConfig).readBackup();
                    }
                },
                command -> files(local, FileApi::updateConfig).update(command),
                local.maxConfigBodyBytes(),
                () -> files(local, FileApi::listAuthFiles).list(),
                name -> files(local, FileApi::readAuthFile).open(name),
                local.ccsDirectory());
    }

    /** {@code local}, answering through the remote instance's quota while remote mode is on. */
    GetQuotaUseCase quota(GetQuotaUseCase local) {
        return new GetQuotaUseCase() {
            @Override
            public QuotaResult quota(String provider, String accountId) {
                return remote().map(InstanceApi::quota).orElse(local).quota(provider, accountId);
            }

            @Override
            public List<QuotaProvider> providers() {
                return local.providers();
            }
        };
    }

    private <T> T process(ProcessApi local, Function<ProcessApi, T> useCase) {
        return useCase.apply(remote().map(InstanceApi::process).orElse(local));
    }

    private <T> T files(FileApi local, Function<FileApi, T> useCase) {
        return useCase.apply(remote().map(InstanceApi::files).orElse(local));
    }
}
