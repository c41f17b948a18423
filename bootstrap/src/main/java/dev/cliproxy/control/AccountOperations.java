package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.PauseAccountUseCase;
import dev.cliproxy.control.application.usecase.RunAccountAutomationUseCase;
import dev.cliproxy.control.domain.model.AccountAutomationStatus;
import dev.cliproxy.control.bootstrap.http.AccountChangeApi;
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.LoginStarted;
import dev.cliproxy.control.domain.model.LoginStatus;
import dev.cliproxy.control.domain.model.RemovedAccount;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The accounts of {@code auth/} and {@code auth-paused/}: {@code control.accounts()}. */
public final class AccountOperations {

    private final ListAccountsUseCase list;
    private final PauseAccountUseCase pause;
    private final RunAccountAutomationUseCase automation;
    private final AccountChangeApi changes;

    AccountOperations(ListAccountsUseCase list, PauseAccountUseCase pause, RunAccountAutomationUseCase automation,
                      AccountChangeApi changes) {
        this.list = list;
        this.pause = pause;
        this.automation = automation;
        this.changes = changes;
    }

    /** Every token file with its token's health and pause, sorted by provider then account id; never a token. */
    public List<AccountStatus> list() {
        return list.list();
    }

    /**
     * Moves the account's file to {@code auth-paused/} and records a manual pause, which automation never undoes.
     * {@code accountId} is the one {@link #list()} reports. Throws {@code NotFoundException} for an unknown account,
     * {@code ConflictException} when it is already paused, {@code InvalidInputException} for a malformed name.
     */
    public AccountStatus pause(String provider, String accountId) {
        return pause.pause(provider, accountId);
    }

    /**
     * Moves the account's file back to {@code auth/} and forgets its pause; the quota automation then leaves it
     * alone until its quota's next reset. The errors of {@link #pause}.
     */
    public AccountStatus resume(String provider, String accountId) {
        return pause.resume(provider, accountId);
    }

    /** What the account watch did in its last pass, and when the next is due. */
    public AccountAutomationStatus automation() {
        return automation.status();
    }

    /**
     * Looks at every account now rather than at the next poll: token alerts, and quotas, pauses and resumes when the
     * control settings enable the automation ({@code automation.enabled}). Answers what it did.
     */
    public AccountAutomationStatus runAutomation() {
        return automation.run();
    }

    /**
     * Starts signing an account of {@code provider} in through the running proxy: open the answer's {@code url} in a
     * browser and consent; {@link #loginStatus} then tells when the account is added. Throws
     * {@code InvalidInputException} for a provider the proxy cannot sign in (its version or backend, or one whose
     * files are imported), {@code ConflictException} when the proxy does not run, {@code UpstreamFailureException}
     * when it refuses the management secret (never offered to it again).
     */
    public LoginStarted login(String provider) {
        return changes.login().start(provider);
    }

    /** How the sign-in {@code state} stands: waiting, done (with the account added) or failed (with why). */
    public LoginStatus loginStatus(String state) {
        return changes.login().status(state);
    }

    /**
     * Hands the proxy the address a browser on another machine landed on after consent (the provider's redirect to
     * a loopback address that machine does not serve).
     */
    public LoginStatus loginCallback(String state, String redirectUrl) {
        return changes.login().callback(state, redirectUrl);
    }

    /** Gives the sign-in up, here and at the proxy. */
    public LoginStatus cancelLogin(String state) {
        return changes.login().cancel(state);
    }

    /**
     * Imports a token file: written into {@code auth/} (atomically, 0600) as {@code name}, else under its provider's
     * login name for its {@code email}, unless the name is taken ({@code ConflictException}; {@code replace}
     * overwrites a file of {@code auth/}). {@code InvalidInputException} for a file that is not a JSON object, whose
     * {@code type} no provider knows, or a name that is no account file name.
     */
    public AccountStatus importToken(byte[] tokenFile, Optional<String> name, boolean replace) {
        return changes.imports().importToken(AccountChangeApi.tokenFile(tokenFile), name, replace);
    }

    /**
     * Removes the account (its active file, else its paused one) to {@code auth-removed/}, where it is kept for
     * {@link RemovedAccount#KEPT_FOR}; the proxy stops using it at once. The errors of {@link #pause}.
     */
    public RemovedAccount delete(String provider, String accountId) {
        return changes.removal().remove(provider, accountId);
    }

    /** Brings the account's most recently removed file back where it was. */
    public AccountStatus restore(String provider, String accountId) {
        return changes.removal().restore(provider, accountId);
    }

    /**
     * Tells {@code listener} every sign-in started, account added and sign-in failed, on the thread that caused it
     * (it must return quickly); close the watch to stop.
     */
    public ProxyOperations.Watch watch(Consumer<AccountEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return changes.events().watch(listener::accept)::close;
    }
}
