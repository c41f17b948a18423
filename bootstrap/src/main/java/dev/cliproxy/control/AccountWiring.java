package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAccountStoreAdapter;
import dev.cliproxy.control.application.service.AccountsService;
import dev.cliproxy.control.bootstrap.http.AccountApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.util.List;

/** The accounts of {@code auth/} and {@code auth-paused/}: their tokens' health, pause and resume. */
final class AccountWiring {

    final AccountApi api;
    final AccountOperations operations;

    /** {@code providers}: the catalogue, whose namings say which provider a token file is listed under. */
    AccountWiring(ControlOptions options, CcsLayout layout, List<QuotaProvider> providers) {
        AccountStorePort store = options.accountStore != null
                ? options.accountStore : new FileSystemAccountStoreAdapter(layout, providers);
        AccountsService service = new AccountsService(store, options.clock, options.tokenExpiringWindow);
        this.api = new AccountApi(service, service);
        this.operations = new AccountOperations(service, service);
    }
}
