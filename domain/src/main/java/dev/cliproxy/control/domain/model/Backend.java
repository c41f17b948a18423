package dev.cliproxy.control.domain.model;

/** Which build of CLIProxyAPI is managed: each has its own binary name, folder and release repository. */
public enum Backend {
    ORIGINAL("original", "cli-proxy-api", "router-for-me/CLIProxyAPI"),
    PLUS("plus", "cli-proxy-api-plus", "kaitranntt/CLIProxyAPIPlus");

    private final String folder;
    private final String binaryName;
    private final String releaseRepository;

    Backend(String folder, String binaryName, String releaseRepository) {
        this.folder = folder;
        this.binaryName = binaryName;
        this.releaseRepository = releaseRepository;
    }

    /** The folder under {@code cliproxy/bin/}. */
    public String folder() {
        return folder;
    }

    public String binaryName() {
        return binaryName;
    }

    /** The GitHub {@code owner/name} whose releases are this backend's versions. */
    public String releaseRepository() {
        return releaseRepository;
    }
}
