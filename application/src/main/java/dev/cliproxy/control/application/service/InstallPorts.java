package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.port.ArchiveExtractorPort;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import dev.cliproxy.control.domain.port.InstalledVersionPort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import dev.cliproxy.control.domain.port.ProxyTrialPort;
import dev.cliproxy.control.domain.port.ReleaseFeedPort;
import dev.cliproxy.control.domain.port.TrialConfigPort;
import java.util.Objects;

/** The ports an install works through, beside those of the proxy's life cycle. */
public record InstallPorts(ReleaseFeedPort feed, InstalledVersionPort installed, AssetDownloadPort downloads,
                           ArchiveExtractorPort archives, ProxyInstallationPort installation, ProxyTrialPort trials,
                           TrialConfigPort trialConfigs) {

    public InstallPorts {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(downloads, "downloads");
        Objects.requireNonNull(archives, "archives");
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(trials, "trials");
        Objects.requireNonNull(trialConfigs, "trialConfigs");
    }
}
