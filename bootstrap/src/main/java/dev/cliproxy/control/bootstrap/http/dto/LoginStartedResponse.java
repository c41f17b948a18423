package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.LoginStarted;

/**
 * {@code POST /accounts/{provider}/login}: the consent page to open ({@code url}), the {@code state} to ask about,
 * and when this server gives the sign-in up (epoch ms).
 */
public record LoginStartedResponse(String state, String url, String provider, long expiresAt) {

    public static LoginStartedResponse from(LoginStarted started) {
        return new LoginStartedResponse(started.state(), started.url(), started.provider(),
                started.expiresAt().toEpochMilli());
    }
}
