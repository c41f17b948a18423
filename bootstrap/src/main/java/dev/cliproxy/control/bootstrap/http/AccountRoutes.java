package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.AccountResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.cliproxy.control.bootstrap.http.dto.AccountListResponse;

/** {@code GET /accounts} and {@code POST /accounts/{provider}/{accountId}/pause} and {@code /resume}. */
final class AccountRoutes {

    private final AccountApi accounts;

    AccountRoutes(AccountApi accounts) {
        this.accounts = accounts;
    }

    void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, AccountListResponse.from(accounts.list().list()));
    }

    void pause(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, AccountResponse.from(accounts.pause().pause(provider(req), accountId(req))));
    }

    void resume(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, AccountResponse.from(accounts.pause().resume(provider(req), accountId(req))));
    }

    private static String provider(ServerRequest req) {
        return req.path().pathParameters().get("provider");
    }

    private static String accountId(ServerRequest req) {
        return req.path().pathParameters().get("accountId");
    }
}
