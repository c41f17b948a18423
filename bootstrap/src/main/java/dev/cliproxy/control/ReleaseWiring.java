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
import dev.cliproxy.control.domain.model.Upstream;
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

    ReleaseWiring(ControlOptions options, CcsLayout layout, ProcessWiring process) {
        ReleaseFeedPort feed = options.releaseFeed != null ? options.releaseFeed
                : new GitHubReleaseFeedAdapter(options.upstreamBase(Upstream.GITHUB),
                        options.environment, options.releaseFeedTimeout);
        InstalledVersionPort installed = options.installedVersion != null
                ? options.installedVersion : new FileSystemInstalledVersionAdapter(layout);
        CheckReleasesService releases = new CheckReleasesService(process.settings, installed,
                options.binaryVersion != null ? options.binaryVersion : new OsBinaryVersionAdapter(), feed,
                options.versionCache != null ? options.versionCache : new FileSystemVersionCacheAdapter(layout),
                options.clock,
                new CheckReleasesService.Options(layout, Optional.ofNullable(options.proxyBinary),
                        Optional.ofNullable(options.releaseRepository), BINARY_VERSION_TIMEOUT));
        InstallProxyService install = install(options, layout, process, feed, installed);
        this.api = new ReleaseApi(releases, releases, install, install, install);
        this.operations = new UpdateOperations(releases, releases, install, install, install);
    }

    private static InstallProxyService install(ControlOptions options, CcsLayout layout, ProcessWiring process,
                                               ReleaseFeedPort feed, InstalledVersionPort installed) {
        // A replaced process port (an embedder's, the testkit's) that also runs trials runs them too.
        ProxyTrialPort trials = options.proxyTrial != null ? options.proxyTrial
                : process.processes instanceof ProxyTrialPort processes
                        ? processes : new OsProxyProcessAdapter(layout);
        InstallPorts ports = new InstallPorts(feed, installed,
                options.assetDownload != null ? options.assetDownload
                        : new JdkAssetDownloadAdapter(options.environment, options.releaseFeedTimeout,
                                JdkAssetDownloadAdapter.DEFAULT_DEADLINE),
                options.archiveExtractor != null ? options.archiveExtractor : new JdkArchiveExtractorAdapter(),
                options.proxyInstallation != null
                        ? options.proxyInstallation : new FileSystemProxyInstallationAdapter(layout, installed),
                trials,
                options.trialConfig != null ? options.trialConfig : new YamlTrialConfigAdapter(layout));
        return new InstallProxyService(process.lifecycle, ports, process.localApi.status(), process.localApi.restart(),
                options.clock,
                new InstallProxyService.Options(
                        Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")),
                        Optional.ofNullable(options.releaseRepository), options.proxyBinary != null,
                        DEFAULT_MAX_DOWNLOAD_BYTES));
    }
}
