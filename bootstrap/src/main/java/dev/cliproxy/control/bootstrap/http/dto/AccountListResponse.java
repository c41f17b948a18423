package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.AccountStatus;
import java.util.List;

/** {@code GET /accounts}: {@code {"accounts":[...]}}. */
public record AccountListResponse(List<AccountResponse> accounts) {

    public static AccountListResponse from(List<AccountStatus> accounts) {
        return new AccountListResponse(accounts.stream().map(AccountResponse::from).toList());
    }
}
