package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.AccountId;
import java.util.regex.Pattern;

/** The check every account route makes of the provider and account id it is given, before it looks for a file. */
final class AccountLookup {

    /** A provider id or a file's {@code type}: nothing else is ever listed. */
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private AccountLookup() {
    }

    /** 400 {@code invalid_provider} or {@code invalid_account_id} for what no listed account can be named. */
    static void check(String provider, String accountId) {
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            throw new InvalidInputException(ErrorCode.INVALID_PROVIDER, null);
        }
        if (!AccountId.isValid(accountId)) {
            throw new InvalidInputException(ErrorCode.INVALID_ACCOUNT_ID, null);
        }
    }
}
