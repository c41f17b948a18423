package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.bootstrap.http.dto.AccountResponse;
import dev.cliproxy.control.bootstrap.http.dto.LoginStartedResponse;
import dev.cliproxy.control.bootstrap.http.dto.LoginStatusResponse;
import dev.cliproxy.control.bootstrap.http.dto.RemovedAccountResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Accounts added and removed: {@code POST /accounts/{provider}/login}, {@code GET}, {@code DELETE
 * /accounts/login/{state}} and its {@code /callback}, {@code POST /accounts/import}, {@code DELETE
 * /accounts/{provider}/{accountId}} and its {@code /restore}. Answers about sign-ins and accounts are never cached:
 * a sign-in's state and redirect are for its caller only.
 */
final class AccountChangeRoutes {

    /** Token files are a few kilobytes: a larger body is no token file. */
    static final long MAX_IMPORT_BYTES = 64 * 1024;
    /** {@code {"redirectUrl":"..."}}: the longest redirect with room to spare. */
    private static final long MAX_CALLBACK_BYTES = 16 * 1024;

    private final AccountChangeApi changes;
    private final Duration bodyDeadline;

    /** @param bodyDeadline how long a client may take to send the body once its headers are in */
    AccountChangeRoutes(AccountChangeApi changes, Duration bodyDeadline) {
        this.changes = changes;
        this.bodyDeadline = bodyDeadline;
    }

    void login(ServerRequest req, ServerResponse res) {
        send(res, LoginStartedResponse.from(changes.login().start(parameter(req, "provider"))));
    }

    void loginStatus(ServerRequest req, ServerResponse res) {
        send(res, LoginStatusResponse.from(changes.login().status(parameter(req, "state"))));
    }

    void loginCallback(ServerRequest req, ServerResponse res) throws IOException {
        String state = parameter(req, "state");
        JsonNode body;
        try {
            body = ConfigRoutes.JSON.readTree(ConfigRoutes.boundedBody(req, MAX_CALLBACK_BYTES, bodyDeadline));
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        JsonNode url = body == null ? null : body.get("redirectUrl");
        if (url == null || !url.isTextual()) {
            throw new InvalidInputException(ErrorCode.INVALID_BODY,
                    "the body is {\"redirectUrl\":\"<the address the browser landed on after consent>\"}");
        }
        send(res, LoginStatusResponse.from(changes.login().callback(state, url.asText())));
    }

    void cancelLogin(ServerRequest req, ServerResponse res) {
        send(res, LoginStatusResponse.from(changes.login().cancel(parameter(req, "state"))));
    }

    /** The token file is the body; {@code ?name=} and {@code ?replace=true} are optional. */
    void importToken(ServerRequest req, ServerResponse res) throws IOException {
        Optional<String> name = single(req, "name");
        boolean replace = switch (single(req, "replace").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(ErrorCode.INVALID_QUERY_PARAMETER, "replace is true or false");
        };
        byte[] body = ConfigRoutes.boundedBody(req, MAX_IMPORT_BYTES, bodyDeadline);
        send(res, AccountResponse.from(changes.imports().importToken(AccountChangeApi.tokenFile(body), name,
                replace)));
    }

    void remove(ServerRequest req, ServerResponse res) {
        send(res, RemovedAccountResponse.from(changes.removal().remove(parameter(req, "provider"),
                parameter(req, "accountId"))));
    }

    void restore(ServerRequest req, ServerResponse res) {
        send(res, AccountResponse.from(changes.removal().restore(parameter(req, "provider"),
                parameter(req, "accountId"))));
    }

    private static String parameter(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    /** A query parameter given at most once. */
    private static Optional<String> single(ServerRequest req, String name) {
        List<String> values = req.query().all(name, List::of);
        if (values.size() > 1) {
            throw new InvalidInputException(ErrorCode.INVALID_QUERY_PARAMETER, name + " is given once");
        }
        return values.stream().findFirst();
    }

    private static void send(ServerResponse res, Object body) {
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        JsonResponses.ok(res, body);
    }
}
