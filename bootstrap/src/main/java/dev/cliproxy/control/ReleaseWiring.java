package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemInstalledVersionAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemProxyInstallationAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemVersionCacheAdapter;
import dev.cliproxy.control.adapter.fs.JdkArchiveExtractorAdapter;
import dev.cliproxy.control.adapter.fs.YamlTrialConfigAdapter;
import dev.cliproxy.control.adapter.http.GitHubReleaseFeedAdapter;
import dev.cliproxy.control.adapter.http.JdkAssetDownloadAdapter;
import dev.cliproxy.control.adapter.process.OsBinaryVersionAdapter;
import dev.cliproxy.control.adapter.process.OsProxyProcessAdapter;
import dev.cliproxy.control.application.service.CheckReleasesService;
import dev.cliproxy.control.application.service.InstallPorts;
import dev.cliproxy.control.application.service.InstallProxyService;
import dev.cliproxy.control.bootstrap.http.ReleaseApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import java.time.Duration;
import java.util.Optional;

/** The installed proxy version against the published releases, and installing, upgrading and rolling it back. */
final class ReleaseWiring {

    /** How long {@code <binary> -h} may take to print its version banner. */
    private static final Duration BINARY_VERSION_TIMEOUT = Duration.ofSeconds(5);
    /** The largest proxy archive an install downloads: the real ones are some tens of megabytes. */
    private static final long DEFAULT_MAX_DOWNLOAD_BYTES = 256L * 1024 * 1024;

    final ReleaseApi api;
    final UpdateOperations operations;

    ReleaseWiring(CliProxyControlBuilder builder, CcsLayout layout, ProcessWiring process) {
        ReleaseFeedPort feed = builder.releaseFeed != null ? builder.releaseFeed
                : new GitHubReleaseFeedAdapter(builder.upstreamBase(Upstream.GITHUB,
                        GitHubReleaseFeedAdapter.DEFAULT_BASE_URL), builder.environment, builder.releaseFeedTimeout);
        InstalledVersionPort installed = builder.installedVersion != null
                ? builder.installedVersion : new FileSystemInstalledVersionAdapter(layout);
        CheckReleasesService releases = new CheckReleasesService(process.settings, installed,
                builder.binaryVersion != null ? builder.binaryVersion : new OsBinaryVersionAdapter(), feed,
                builder.versionCache != null ? builder.versionCache : new FileSystemVersionCacheAdapter(layout),
                builder.clock,
                new CheckReleasesService.Options(layout, Optional.ofNullable(builder.proxyBinary),
                        Optional.ofNullable(builder.releaseRepository), BINARY_VERSION_TIMEOUT));
        InstallProxyService install = install(builder, layout, process, feed, installed);
        this.api = new ReleaseApi(releases, releases, install, install, install);
        this.operations = new UpdateOperations(releases, releases, install, install, install);
    }

    private static InstallProxyService install(CliProxyControlBuilder builder, CcsLayout layout,
                                               ProcessWiring process, ReleaseFeedPort feed,
                                               InstalledVersionPort installed) {
        // A replaced process port (an embedder's, the testkit's) that also runs trials runs them too.
        ProxyTrialPort trials = builder.proxyTrial != null ? builder.proxyTrial
                : process.ports.processes() instanceof ProxyTrialPort processes
                        ? processes : new OsProxyProcessAdapter(layout);
        InstallPorts ports = new InstallPorts(feed, installed,
                builder.assetDownload != null ? builder.assetDownload
                        : new JdkAssetDownloadAdapter(builder.environment, builder.releaseFeedTimeout,
                                JdkAssetDownloadAdapter.DEFAULT_DEADLINE),
                builder.archiveExtractor != null ? builder.archiveExtractor : new JdkArchiveExtractorAdapter(),
                builder.proxyInstallation != null
                        ? builder.proxyInstallation : new FileSystemProxyInstallationAdapter(layout, installed),
                trials,
                builder.trialConfig != null ? builder.trialConfig : new YamlTrialConfigAdapter(layout));
        return new InstallProxyService(process.ports, ports, process.api.status(), process.api.restart(),
                builder.clock,
                new InstallProxyService.Options(
                        Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")),
                        Optional.ofNullable(builder.releaseRepository), builder.proxyBinary != null,
                        DEFAULT_MAX_DOWNLOAD_BYTES, process.timings));
    }
}
