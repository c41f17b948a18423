package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.AuthFileName;
import java.io.ByteArrayInputStream;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The token files of a proxy on another host, through its management API. Their directory on that host is not
 * told: {@link #directory()} is the empty path, so each file's path is its name.
 */
public final class RemoteAuthFileStoreAdapter implements AuthFileStorePort {

    private final RemoteAuthFiles files;

    public RemoteAuthFileStoreAdapter(RemoteProxyClient client) {
        this.files = new RemoteAuthFiles(client);
    }

    @Override
    public Path directory() {
        return Path.of("");
    }

    @Override
    public List<StoredFile> list() {
        return files.list().stream().map(entry -> new StoredFile(entry.name(), entry.size(), entry.modified()))
                .toList();
    }

    @Override
    public Optional<FileContent> open(AuthFileName name) {
        return files.download(name.value())
                .map(bytes -> new FileContent(bytes.length, new ByteArrayInputStream(bytes)));
    }
}
