package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAuthFileStoreAdapter;
import dev.cliproxy.control.adapter.fs.FileSystemLogStoreAdapter;
import dev.cliproxy.control.adapter.fs.YamlProxyConfigFileAdapter;
import dev.cliproxy.control.application.service.GetProxyConfigService;
import dev.cliproxy.control.application.service.ListAuthFilesService;
import dev.cliproxy.control.application.service.ListErrorLogsService;
import dev.cliproxy.control.application.service.ReadAuthFileService;
import dev.cliproxy.control.application.service.ReadErrorLogService;
import dev.cliproxy.control.application.service.UpdateProxyConfigService;
import dev.cliproxy.control.bootstrap.http.FileApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import dev.cliproxy.control.domain.port.LogStorePort;
import dev.cliproxy.control.domain.port.ProxyConfigFilePort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;

/** The files of the CCS directory: the proxy's error logs, its config file and the auth files. */
final class FileWiring {

    final FileApi api;
    final ErrorLogOperations errorLogs;
    final ConfigOperations config;
    final AuthFileOperations authFiles;

    FileWiring(ControlOptions options, CcsLayout layout, ProxySettingsPort settings) {
        LogStorePort logStore = options.logStore != null ? options.logStore : new FileSystemLogStoreAdapter(layout);
        ProxyConfigFilePort configFiles = options.proxyConfigFile != null
                ? options.proxyConfigFile : new YamlProxyConfigFileAdapter(layout);
        AuthFileStorePort authStore = options.authFileStore != null
                ? options.authFileStore : new FileSystemAuthFileStoreAdapter(layout);
        this.api = new FileApi(new ListErrorLogsService(logStore), new ReadErrorLogService(logStore),
                new GetProxyConfigService(settings, configFiles),
                new UpdateProxyConfigService(settings, configFiles, options.maxConfigBytes), options.maxConfigBytes,
                new ListAuthFilesService(authStore), new ReadAuthFileService(authStore), layout.ccsDirectory());
        this.errorLogs = new ErrorLogOperations(api.listErrorLogs(), api.readErrorLog());
        this.config = new ConfigOperations(api.getConfig(), api.updateConfig());
        this.authFiles = new AuthFileOperations(api.listAuthFiles(), api.readAuthFile());
    }
}
