package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase.InstallCommand;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.bootstrap.http.dto.InstallFailedResponse;
import dev.cliproxy.control.bootstrap.http.dto.InstallStatusResponse;
import dev.cliproxy.control.bootstrap.http.dto.InstallSucceededResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.InstallOutcome;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /install} {@code {"version"?, "force"?}}, {@code GET /install} and {@code POST /rollback}. */
final class InstallRoutes {

    /** {@code {"version":"6.9.6"}} is some twenty bytes. */
    private static final int MAX_BODY_BYTES = 4096;

    private final InstallProxyUseCase install;
    private final RollbackProxyUseCase rollback;
    private final WatchInstallUseCase installs;
    private final Duration bodyDeadline;

    /** @param bodyDeadline how long a client may take to send the body once its headers are in */
    InstallRoutes(ReleaseApi api, Duration bodyDeadline) {
        this.install = api.install();
        this.rollback = api.rollback();
        this.installs = api.installs();
        this.bodyDeadline = bodyDeadline;
    }

    void install(ServerRequest req, ServerResponse res) throws IOException {
        send(res, install.install(command(req)));
    }

    void status(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, InstallStatusResponse.from(installs.current()));
    }

    void rollback(ServerRequest req, ServerResponse res) {
        send(res, rollback.rollback());
    }

    private static void send(ServerResponse res, InstallOutcome outcome) {
        JsonResponses.ok(res, switch (outcome) {
            case InstallOutcome.Installed installed -> InstallSucceededResponse.from(installed);
            case InstallOutcome.Failed failed -> InstallFailedResponse.from(failed);
        });
    }

    /** The optional {@code version} and {@code force} of an optional JSON object body. */
    private InstallCommand command(ServerRequest req) throws IOException {
        byte[] bytes = ConfigRoutes.boundedBody(req, MAX_BODY_BYTES, bodyDeadline);
        if (bytes.length == 0) {
            return InstallCommand.latest();
        }
        JsonNode body;
        try {
            body = ConfigRoutes.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(ErrorCode.INVALID_BODY,
                    "the body is a JSON object: {\"version\"?, \"force\"?}");
        }
        JsonNode version = body.get("version");
        if (version != null && !version.isNull() && !version.isTextual()) {
            throw new InvalidInputException(ErrorCode.INVALID_VERSION, "version must be a string such as \"6.9.6\"");
        }
        JsonNode force = body.get("force");
        if (force != null && !force.isNull() && !force.isBoolean()) {
            throw new InvalidInputException(ErrorCode.INVALID_BODY, "force must be true or false");
        }
        Optional<String> named = version == null || version.isNull() ? Optional.empty() : Optional.of(version.asText());
        return new InstallCommand(named, force != null && force.asBoolean());
    }
}
