package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.LoginStarted;
import dev.cliproxy.control.domain.model.LoginStatus;

/**
 * {@code POST /accounts/{provider}/login} and {@code /accounts/login/{state}}: an account added by signing in
 * through the running proxy, which runs the OAuth flow and writes the token file.
 */
public interface LogInAccountUseCase {

    /**
     * Starts the provider's sign-in. {@code InvalidInputException} for a provider the catalogue does not know, or one
     * the running proxy's version or backend cannot sign in ({@code login_unsupported}); {@code ConflictException}
     * when the proxy does not run ({@code proxy_not_running}); the proxy's refusals as {@code ProxyLoginPort} says.
     */
    LoginStarted start(String provider);

    /** How the sign-in {@code state} stands. {@code NotFoundException} for one this server did not start (or forgot). */
    LoginStatus status(String state);

    /**
     * Hands the proxy the redirect a browser on another machine landed on. {@code InvalidInputException} for one that
     * is not this sign-in's redirect, {@code ConflictException} {@code login_finished} when the sign-in is over.
     */
    LoginStatus callback(String state, String redirectUrl);

    /** Gives the sign-in up (the proxy stops waiting too); {@code login_finished} when it is already over. */
    LoginStatus cancel(String state);
}
