package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import java.util.Objects;

/**
 * What the API serves of one proxy, local or on another host: the same use cases either way, over the adapters of
 * its kind (files and processes here; its management API there).
 */
public record InstanceApi(ProcessApi process, FileApi files, GetQuotaUseCase quota) {

    public InstanceApi {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(quota, "quota");
    }
}
