package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountAutomationStatus;

/** The account watch: token alerts, and the quota automation when the control settings enable it. */
public interface RunAccountAutomationUseCase {

    /** What the last pass did, and when the next is due. */
    AccountAutomationStatus status();

    /**
     * Looks at every account now rather than at the next poll (token alerts; quotas when the automation is
     * enabled), and answers what it did. Quota pauses that are due are resumed whether or not it is enabled.
     */
    AccountAutomationStatus run();
}
