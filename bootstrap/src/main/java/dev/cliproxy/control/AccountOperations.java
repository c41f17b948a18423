package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.PauseAccountUseCase;
import dev.cliproxy.control.application.usecase.RunAccountAutomationUseCase;
import dev.cliproxy.control.domain.model.AccountAutomationStatus;
import dev.cliproxy.control.domain.model.AccountStatus;
import java.util.List;

/** The accounts of {@code auth/} and {@code auth-paused/}: {@code control.accounts()}. */
public final class AccountOperations {

    private final ListAccountsUseCase list;
    private final PauseAccountUseCase pause;
    private final RunAccountAutomationUseCase automation;

    AccountOperations(ListAccountsUseCase list, PauseAccountUseCase pause, RunAccountAutomationUseCase automation) {
        this.list = list;
        this.pause = pause;
        this.automation = automation;
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
}
