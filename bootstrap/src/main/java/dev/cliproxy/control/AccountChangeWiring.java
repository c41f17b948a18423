package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAccountFilesAdapter;
import dev.cliproxy.control.adapter.http.JdkProxyLoginAdapter;
import dev.cliproxy.control.application.service.AccountEventsService;
import dev.cliproxy.control.application.service.AccountFilesService;
import dev.cliproxy.control.application.service.AccountLoginService;
import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.bootstrap.http.AccountChangeApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.LoginPolicy;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.time.Duration;
import java.util.List;

/**
 * Accounts added and removed: sign-ins through the running proxy (watched on a virtual thread while any waits,
 * until {@link #close()}), imports of token files, removals to {@code auth-removed/} and restores.
 */
final class AccountChangeWiring implements AutoCloseable {

    /** How long the check that the proxy runs may take before a sign-in. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How long a finished sign-in's answer stays readable. */
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(10);

    final AccountChangeApi api;
    private final AccountLoginService login;

    /**
     * @param store    the accounts' store the listing reads, so that an import or a removal is listed at once
     * @param accounts the listing, which names the account a sign-in added
     */
    AccountChangeWiring(ControlOptions options, CcsLayout layout, List<QuotaProvider> catalogue,
                        ProxySettingsPort settings, ProxyApiPort proxyApi, AccountStorePort store,
                        ListAccountsUseCase accounts) {
        AccountEventsService events = new AccountEventsService();
        this.login = new AccountLoginService(
                options.proxyLogin != null ? options.proxyLogin : new JdkProxyLoginAdapter(options.quotaTimeout),
                settings, proxyApi, accounts, catalogue, events, options.clock,
                new LoginPolicy(options.loginTimeout, options.loginPollInterval, KEEP_FINISHED, PROBE_TIMEOUT));
        AccountFilesService files = new AccountFilesService(store, options.accountFiles != null
                ? options.accountFiles : new FileSystemAccountFilesAdapter(layout, catalogue), catalogue, events,
                options.clock, options.tokenExpiringWindow);
        this.api = new AccountChangeApi(login, files, files, events);
    }

    /** Stops watching sign-ins; the proxy lets those still waiting run out. */
    @Override
    public void close() {
        login.close();
    }
}
