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
import java.util.ArrayList;
import java.util.List;

/** The files of the CCS directory: the proxy's error logs, its config file and the auth files. */
final class FileWiring implements AutoCloseable {

    /** The local proxy's files, whatever the ccs settings' remote mode says. */
    final FileApi localApi;
    /** The use cases the routes and the facade serve: {@link #localApi}'s, or the remote proxy's. */
    final FileApi api;
    /** The proxy config files of every local port. */
    final ProxyConfigFilePort configFiles;
    final ErrorLogOperations errorLogs;
    final ConfigOperations config;
    final AuthFileOperations authFiles;
    /** Closes the stores this wiring made (they follow their directories' change events until closed). */
    private final List<Runnable> closers = new ArrayList<>();

    FileWiring(ControlOptions options, CcsLayout layout, ProxySettingsPort settings, CcsTarget target) {
        LogStorePort logStore = options.logStore != null ? options.logStore : ownLogs(layout);
        this.configFiles = options.proxyConfigFile != null
                ? options.proxyConfigFile : new YamlProxyConfigFileAdapter(layout);
        AuthFileStorePort authStore = options.authFileStore != null
                ? options.authFileStore : ownAuthFiles(layout);
        this.localApi = new FileApi(new ListErrorLogsService(logStore), new ReadErrorLogService(logStore),
                new GetProxyConfigService(settings, configFiles),
                new UpdateProxyConfigService(settings, configFiles, options.maxConfigBytes), options.maxConfigBytes,
                new ListAuthFilesService(authStore), new ReadAuthFileService(authStore), layout.ccsDirectory());
        this.api = target.files(localApi);
        this.errorLogs = new ErrorLogOperations(api.listErrorLogs(), api.readErrorLog());
        this.config = new ConfigOperations(api.getConfig(), api.updateConfig());
        this.authFiles = new AuthFileOperations(api.listAuthFiles(), api.readAuthFile());
    }

    private LogStorePort ownLogs(CcsLayout layout) {
        FileSystemLogStoreAdapter logs = new FileSystemLogStoreAdapter(layout);
        closers.add(logs::close);
        return logs;
    }

    private AuthFileStorePort ownAuthFiles(CcsLayout layout) {
        FileSystemAuthFileStoreAdapter authFiles = new FileSystemAuthFileStoreAdapter(layout);
        closers.add(authFiles::close);
        return authFiles;
    }

    /** Stops following the directories of the stores made here; the ones the builder was given are the caller's. */
    @Override
    public void close() {
        closers.forEach(Runnable::run);
    }

    /** The files of the local proxy of {@code port}: the shared logs and auth files, that port's config. */
    FileApi forPort(ProxySettingsPort portSettings, long maxConfigBytes) {
        return new FileApi(localApi.listErrorLogs(), localApi.readErrorLog(),
                new GetProxyConfigService(portSettings, configFiles),
                new UpdateProxyConfigService(portSettings, configFiles, maxConfigBytes), maxConfigBytes,
                localApi.listAuthFiles(), localApi.readAuthFile(), localApi.ccsDirectory());
    }
}
