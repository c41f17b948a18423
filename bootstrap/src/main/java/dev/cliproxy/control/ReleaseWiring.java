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

    ReleaseWiring(ControlOptions options, CcsLayout layout, ProxySettingsPort settings) {
        ReleaseFeedPort feed = options.releaseFeed != null ? options.releaseFeed
                : new GitHubReleaseFeedAdapter(options.upstreamBase(Upstream.GITHUB),
                        options.environment, options.releaseFeedTimeout);
        CheckReleasesService releases = new CheckReleasesService(settings,
                options.installedVersion != null
                        ? options.installedVersion : new FileSystemInstalledVersionAdapter(layout),
                options.binaryVersion != null ? options.binaryVersion : new OsBinaryVersionAdapter(), feed,
                options.versionCache != null ? options.versionCache : new FileSystemVersionCacheAdapter(layout),
                options.clock,
                new CheckReleasesService.Options(layout, Optional.ofNullable(options.proxyBinary),
                        Optional.ofNullable(options.releaseRepository), BINARY_VERSION_TIMEOUT));
        this.api = new ReleaseApi(releases, releases);
        this.operations = new UpdateOperations(releases, releases);
    }
}
