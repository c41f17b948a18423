package dev.cliproxy.control.domain.model;

import java.util.regex.Pattern;

/** The rule every account id taken from a request must pass: an email, {@code email#variant} or a file's stem. */
public final class AccountId {

    /** Nothing that can name another directory: no separator, and {@code ..} is refused apart. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9@._+#=-]{1,200}");

    private AccountId() {
    }

    public static boolean isValid(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches() && !accountId.contains("..");
    }
}
