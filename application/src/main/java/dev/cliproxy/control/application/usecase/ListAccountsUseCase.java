package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountStatus;
import java.util.List;

/** The accounts of {@code auth/} and {@code auth-paused/} with their tokens' health: {@code GET /accounts}. */
public interface ListAccountsUseCase {

    /** Sorted by provider, then account id, the active file before a paused one of the same name. */
    List<AccountStatus> list();
}
