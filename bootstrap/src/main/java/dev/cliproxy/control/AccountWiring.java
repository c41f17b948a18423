package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAccountStoreAdapter;
import dev.cliproxy.control.application.service.AccountsService;
import dev.cliproxy.control.bootstrap.http.AccountApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.AccountStorePort;

/** The accounts of {@code auth/} and {@code auth-paused/}: their tokens' health, pause and resume. */
final class AccountWiring {

    final AccountApi api;
    final AccountOperations operations;

    AccountWiring(CliProxyControlBuilder builder, CcsLayout layout) {
        AccountStorePort store = builder.accountStore != null
                ? builder.accountStore : new FileSystemAccountStoreAdapter(layout);
        AccountsService service = new AccountsService(store, builder.clock, builder.tokenExpiringWindow);
        this.api = new AccountApi(service, service);
        this.operations = new AccountOperations(service, service);
    }
}
