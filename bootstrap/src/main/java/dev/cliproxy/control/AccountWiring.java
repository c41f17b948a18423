package dev.cliproxy.control;

import dev.cliproxy.control.adapter.fs.FileSystemAccountStoreAdapter;
import dev.cliproxy.control.adapter.http.EnvironmentProxySelector;
import dev.cliproxy.control.adapter.http.JdkWebhookAdapter;
import dev.cliproxy.control.application.service.AccountsService;
import dev.cliproxy.control.application.service.AlertsService;
import dev.cliproxy.control.application.service.QuotaAutomationService;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.bootstrap.http.AccountApi;
import dev.cliproxy.control.bootstrap.http.AlertApi;
import dev.cliproxy.control.bootstrap.http.dto.AlertEventResponse;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.WebhookPort;

/**
 * The accounts of {@code auth/} and {@code auth-paused/}: their tokens' health, pause and resume, accounts added and
 * removed ({@link AccountChangeWiring}), the account watch (token alerts and the quota automation) and the alerts it
 * raises, told on the event stream and posted to the webhooks. The watch and the webhook sender run from here until
 * {@link #close()}.
 */
final class AccountWiring implements AutoCloseable {

    final AccountApi api;
    final AlertApi alertApi;
    final AccountChangeWiring changes;
    final AccountOperations operations;
    final AlertOperations alertOperations;
    private final AlertsService alerts;
    private final QuotaAutomationService automation;
    /** Closes the store this wiring made (it follows the token directories' change events until closed). */
    private Runnable closeStore = () -> { };

    /**
     * @param quota         the quota use case the automation asks (its providers name token files, its rate limit and
     *                      cache apply to the automation's calls too)
     * @param settings      the control settings, whose {@code automation} and {@code alerts} sections are read at
     *                      every check, so that a change applies without a restart
     * @param proxySettings the proxy's settings, whose port and management secret a sign-in uses
     * @param proxyApi      the proxy's own API, which tells whether it runs
     */
    AccountWiring(ControlOptions options, CcsLayout layout, GetQuotaUseCase quota, ControlSettingsPort settings,
                  ProxySettingsPort proxySettings, ProxyApiPort proxyApi) {
        AccountStorePort store = options.accountStore != null ? options.accountStore : ownStore(layout, quota);
        WebhookPort webhooks = options.webhooks != null ? options.webhooks
                : new JdkWebhookAdapter(AlertEventResponse::from, options.webhookTimeout,
                        EnvironmentProxySelector.from(options.environment));
        this.alerts = new AlertsService(settings, webhooks, options.clock, options.alertQueueCapacity,
                options.automationCheckInterval);
        AccountsService service = new AccountsService(store, options.clock, options.tokenExpiringWindow,
                alerts::publish);
        this.automation = new QuotaAutomationService(service, quota, settings, options.automationCheckInterval);
        this.changes = new AccountChangeWiring(options, layout, quota.providers(), proxySettings, proxyApi, store,
                service);
        this.api = new AccountApi(service, service);
        this.alertApi = new AlertApi(alerts, alerts);
        this.operations = new AccountOperations(service, service, automation, changes.api);
        this.alertOperations = new AlertOperations(alerts, alerts);
        alerts.start();
        automation.start();
    }

    private AccountStorePort ownStore(CcsLayout layout, GetQuotaUseCase quota) {
        FileSystemAccountStoreAdapter store = new FileSystemAccountStoreAdapter(layout, quota.providers());
        closeStore = store::close;
        return store;
    }

    /**
     * Stops the watch of sign-ins, the account watch, then the sender (deliveries still queued are dropped), and
     * the store made here (one the builder was given is the caller's).
     */
    @Override
    public void close() {
        changes.close();
        automation.close();
        alerts.close();
        closeStore.run();
    }
}
