package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.PauseAccountUseCase;
import java.util.Objects;

/** What the API serves of the accounts: their listing, pause and resume. */
public record AccountApi(ListAccountsUseCase list, PauseAccountUseCase pause) {

    public AccountApi {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(pause, "pause");
    }
}
