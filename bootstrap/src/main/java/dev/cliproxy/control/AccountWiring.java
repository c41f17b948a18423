package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAccountStoreAdapter;
import dev.cliproxy.control.application.service.AccountsService;
import dev.cliproxy.control.bootstrap.http.AccountApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.util.List;

/**
 * The accounts of {@code auth/} and {@code auth-paused/}: their tokens' health, pause and resume, and accounts added
 * and removed ({@link AccountChangeWiring}).
 */
final class AccountWiring implements AutoCloseable {

    final AccountApi api;
    final AccountChangeWiring changes;
    final AccountOperations operations;

    /**
     * @param providers the catalogue, whose namings say which provider a token file is listed under
     * @param settings  the proxy's settings, whose port and management secret a sign-in uses
     * @param proxyApi  the proxy's own API, which tells whether it runs
     */
    AccountWiring(ControlOptions options, CcsLayout layout, List<QuotaProvider> providers,
                  ProxySettingsPort settings, ProxyApiPort proxyApi) {
        AccountStorePort store = options.accountStore != null
                ? options.accountStore : new FileSystemAccountStoreAdapter(layout, providers);
        AccountsService service = new AccountsService(store, options.clock, options.tokenExpiringWindow);
        this.changes = new AccountChangeWiring(options, layout, providers, settings, proxyApi, store, service);
        this.api = new AccountApi(service, service);
        this.operations = new AccountOperations(service, service, changes.api);
    }

    @Override
    public void close() {
        changes.close();
    }
}
