package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the API serves of the CCS directory's files: error logs, the config file (with the largest upload, the
 * largest request body the API accepts), auth files; and the directory itself, whose readability {@code /health}
 * reports.
 */
public record FileApi(ListErrorLogsUseCase listErrorLogs, ReadErrorLogUseCase readErrorLog,
                      GetProxyConfigUseCase getConfig, UpdateProxyConfigUseCase updateConfig, long maxConfigBodyBytes,
                      ListAuthFilesUseCase listAuthFiles, ReadAuthFileUseCase readAuthFile, Path ccsDirectory) {

    public FileApi {
        Objects.requireNonNull(listErrorLogs, "listErrorLogs");
        Objects.requireNonNull(readErrorLog, "readErrorLog");
        Objects.requireNonNull(getConfig, "getConfig");
        Objects.requireNonNull(updateConfig, "updateConfig");
        Objects.requireNonNull(listAuthFiles, "listAuthFiles");
        Objects.requireNonNull(readAuthFile, "readAuthFile");
        Objects.requireNonNull(ccsDirectory, "ccsDirectory");
        if (maxConfigBodyBytes < 1) {
            throw new IllegalArgumentException("maxConfigBodyBytes must be positive");
        }
    }
}
