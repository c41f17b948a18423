package dev.cliproxy.control.domain.model;

/**
 * Which build of CLIProxyAPI is managed ({@code cliproxy.backend} of the ccs settings): each has its own binary
 * name, folder, release repository, management panel and name shown to people.
 */
public enum Backend {
    ORIGINAL("original", "cli-proxy-api", "router-for-me/CLIProxyAPI", "CLIProxy",
            "https://github.com/router-for-me/Cli-Proxy-API-Management-Center"),
    PLUS("plus", "cli-proxy-api-plus", "kaitranntt/CLIProxyAPIPlus", "CLIProxy Plus",
            "https://github.com/kaitranntt/Cli-Proxy-API-Management-Center");

    private final String folder;
    private final String binaryName;
    private final String releaseRepository;
    private final String label;
    private final String managementPanelRepository;

    Backend(String folder, String binaryName, String releaseRepository, String label,
            String managementPanelRepository) {
        this.folder = folder;
        this.binaryName = binaryName;
        this.releaseRepository = releaseRepository;
        this.label = label;
        this.managementPanelRepository = managementPanelRepository;
    }

    /** The folder under {@code cliproxy/bin/}, and the value of {@code cliproxy.backend}. */
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

    /** The name the {@code ccs} tools show for it: "CLIProxy" or "CLIProxy Plus". */
    public String label() {
        return label;
    }

    /**
     * The proxy's {@code remote-management.panel-github-repository} the {@code ccs} tools write for this backend
     * unless {@code cliproxy.management_panel_repository} says otherwise (they regenerate a config holding another).
     */
    public String managementPanelRepository() {
        return managementPanelRepository;
    }
}
