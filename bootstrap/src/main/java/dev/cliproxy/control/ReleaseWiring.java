package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemInstalledVersionAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemVersionCacheAdapter;
import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.adapter.process.OsBinaryVersionAdapter;
import dev.cliproxy.control.application.service.CheckReleasesService;
import dev.cliproxy.control.bootstrap.http.ReleaseApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import java.time.Duration;
import java.util.Optional;

/** The installed proxy version against the published releases. */
final class ReleaseWiring {

    /** How long {@code <binary> -h} may take to print its version banner. */
    private static final Duration BINARY_VERSION_TIMEOUT = Duration.ofSeconds(5);

    final ReleaseApi api;
    final UpdateOperations operations;

    ReleaseWiring(CliProxyControlBuilder builder, CcsLayout layout, ProxySettingsPort settings) {
        ReleaseFeedPort feed = builder.releaseFeed != null ? builder.releaseFeed
                : new GitHubReleaseFeedAdapter(builder.upstreamBase(Upstream.GITHUB),
                        builder.environment, builder.releaseFeedTimeout);
        CheckReleasesService releases = new CheckReleasesService(settings,
                builder.installedVersion != null
                        ? builder.installedVersion : new FileSystemInstalledVersionAdapter(layout),
                builder.binaryVersion != null ? builder.binaryVersion : new OsBinaryVersionAdapter(), feed,
                builder.versionCache != null ? builder.versionCache : new FileSystemVersionCacheAdapter(layout),
                builder.clock,
                new CheckReleasesService.Options(layout, Optional.ofNullable(builder.proxyBinary),
                        Optional.ofNullable(builder.releaseRepository), BINARY_VERSION_TIMEOUT));
        this.api = new ReleaseApi(releases, releases);
        this.operations = new UpdateOperations(releases, releases);
    }
}
