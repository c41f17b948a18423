package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.nio.charset.StandardCharsets;

/**
 * Writes the config file of the port the proxy uses now, refusing content over the size limit and content whose
 * proxy would listen on another port: nobody (neither this program nor the {@code ccs} tools) would look for it there.
 */
public final class UpdateProxyConfigService implements UpdateProxyConfigUseCase {

    private final ProxySettingsPort settings;
    private final ProxyConfigFilePort configFiles;
    private final long maxContentBytes;

    public UpdateProxyConfigService(ProxySettingsPort settings, ProxyConfigFilePort configFiles,
                                    long maxContentBytes) {
        if (maxContentBytes < 1) {
            throw new IllegalArgumentException("maxContentBytes must be positive");
        }
        this.settings = settings;
        this.configFiles = configFiles;
        this.maxContentBytes = maxContentBytes;
    }

    @Override
    public ConfigUpdate update(Command command) {
        // A UTF-8 byte has at least one char: only long strings need the exact count.
        if (command.content().length() > maxContentBytes
                || command.content().getBytes(StandardCharsets.UTF_8).length > maxContentBytes) {
            throw new PayloadTooLargeException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The config content exceeds " + maxContentBytes + " bytes");
        }
        int port = settings.lifecyclePort();
        // A config without a port counts as 8317 (contract §2), as the ccs tools take it.
        int declared = configFiles.declaredPort(command.content()).orElse(CcsLayout.DEFAULT_PROXY_PORT);
        int expected = configFiles.listenPort(port);
        if (declared != expected) {
            throw new InvalidInputException(ErrorCode.PORT_MISMATCH, expected == port
                    ? "The config's port must be " + port + ", the port CLIProxy runs on (cliproxy_server.local.port"
                    + " of the ccs settings, else 8317): a proxy on another port would not be found. Set port: "
                    + port + ", or change that setting."
                    : "The config's port must stay " + expected + ", the port the proxy listens on now: a proxy"
                    + " that moves would no longer be reached where it is looked for. Set port: " + expected + ".");
        }
        return configFiles.replace(port, command.content(), command.precondition());
    }
}
