package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import java.util.Objects;

/** Everything the HTTP API serves, one record per capability as the facade wires them. */
public record HttpApi(ProcessApi process, FileApi files, GetQuotaUseCase quota, ReleaseApi releases,
                      SettingsApi settings, AccountApi accounts, AccountChangeApi accountChanges, AlertApi alerts,
                      FleetApi fleet, UsageApi usage) {

    public HttpApi {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(accountChanges, "accountChanges");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(usage, "usage");
    }
}
