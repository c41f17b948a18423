package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.CheckForUpdateUseCase;
import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.application.usecase.ListModelsUseCase;
import dev.cliproxy.control.application.usecase.ListReleasesUseCase;
import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The use cases the HTTP API serves, one per operation of the contract, and the largest request body it accepts
 * (the config upload is the largest legitimate one), and the CCS directory whose readability {@code /health} reports.
 */
public record ApiServices(GetProxyStatusUseCase proxyStatus, StartProxyUseCase proxyStart, StopProxyUseCase proxyStop,
                          ListModelsUseCase models, CheckForUpdateUseCase updateCheck, ListReleasesUseCase releases,
                          GetQuotaUseCase quota,
                          ListErrorLogsUseCase listErrorLogs, ReadErrorLogUseCase readErrorLog,
                          GetProxyConfigUseCase getProxyConfig, UpdateProxyConfigUseCase updateProxyConfig,
                          long maxConfigBodyBytes,
                          ListAuthFilesUseCase listAuthFiles, ReadAuthFileUseCase readAuthFile,
                          RestartProxyUseCase proxyRestart, WatchProxyStatusUseCase proxyEvents, Path ccsDirectory,
                          InstallProxyUseCase install, RollbackProxyUseCase rollback, WatchInstallUseCase installs) {

    public ApiServices {
        Objects.requireNonNull(proxyStatus, "proxyStatus");
        Objects.requireNonNull(proxyStart, "proxyStart");
        Objects.requireNonNull(proxyStop, "proxyStop");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(updateCheck, "updateCheck");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(listErrorLogs, "listErrorLogs");
        Objects.requireNonNull(readErrorLog, "readErrorLog");
        Objects.requireNonNull(getProxyConfig, "getProxyConfig");
        Objects.requireNonNull(updateProxyConfig, "updateProxyConfig");
        Objects.requireNonNull(listAuthFiles, "listAuthFiles");
        Objects.requireNonNull(readAuthFile, "readAuthFile");
        Objects.requireNonNull(proxyRestart, "proxyRestart");
        Objects.requireNonNull(proxyEvents, "proxyEvents");
        Objects.requireNonNull(ccsDirectory, "ccsDirectory");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(installs, "installs");
        if (maxConfigBodyBytes < 1) {
            throw new IllegalArgumentException("maxConfigBodyBytes must be positive");
        }
    }
}
