package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase.InstallCommand;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.bootstrap.http.dto.InstallFailedResponse;
import dev.cliproxy.control.bootstrap.http.dto.InstallStatusResponse;
import dev.cliproxy.control.bootstrap.http.dto.InstallSucceededResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.model.InstallOutcome;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Optional;

/** {@code POST /install} {@code {"version"?}}, {@code GET /install} and {@code POST /rollback}. */
final class InstallRoutes {

    /** {@code {"version":"6.9.6"}} is some twenty bytes. */
    private static final int MAX_BODY_BYTES = 4096;
    private static final ObjectReader JSON = JsonResponses.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InstallProxyUseCase install;
    private final RollbackProxyUseCase rollback;
    private final WatchInstallUseCase installs;

    InstallRoutes(ReleaseApi api) {
        this.install = api.install();
        this.rollback = api.rollback();
        this.installs = api.installs();
    }

    void install(ServerRequest req, ServerResponse res) throws IOException {
        InstallCommand command = new InstallCommand(version(req));
        send(res, install.install(command));
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

    /** The optional {@code version} of an optional JSON object body. */
    private static Optional<String> version(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return Optional.empty();
        }
        byte[] bytes = BodyDeadline.readNBytes(req.content().inputStream(), MAX_BODY_BYTES + 1,
                ApiServer.REQUEST_READ_TIMEOUT);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(ErrorCode.PAYLOAD_TOO_LARGE.error(),
                    "The request body exceeds " + MAX_BODY_BYTES + " bytes", ErrorCode.PAYLOAD_TOO_LARGE, null);
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("Invalid request body", "the body is a JSON object: {\"version\"?}",
                    ErrorCode.INVALID_BODY, null);
        }
        JsonNode version = body.get("version");
        if (version == null || version.isNull()) {
            return Optional.empty();
        }
        if (!version.isTextual()) {
            throw new InvalidInputException("Invalid version", "version must be a string such as \"6.9.6\"",
                    ErrorCode.INVALID_VERSION, null);
        }
        return Optional.of(version.asText());
    }
}
