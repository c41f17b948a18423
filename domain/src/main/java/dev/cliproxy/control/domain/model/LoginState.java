package dev.cliproxy.control.domain.model;

import java.util.regex.Pattern;

/**
 * The rule a sign-in's {@code state} taken from a request must pass: the proxy's own ({@code ValidateOAuthState} of
 * CLIProxyAPI), letters, digits, {@code -}, {@code _} and {@code .}, at most 128, never {@code ..}.
 */
public final class LoginState {

    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private LoginState() {
    }

    public static boolean isValid(String state) {
        return state != null && STATE.matcher(state).matches() && !state.contains("..");
    }
}
