package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetControlSettingsUseCase;
import dev.cliproxy.control.application.usecase.UpdateControlSettingsUseCase;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET} and {@code PUT /control-settings}: the control server's own settings as JSON, secrets never shown,
 * with an {@code ETag} so that a client saves with {@code If-Match} and never overwrites a change it has not seen.
 * {@code PUT} replaces them whole: a section left out takes its defaults, a secret left out keeps its value;
 * {@code GET /control-settings/defaults} tells those defaults.
 */
final class ControlSettingsRoutes {

    /** Settings are small: a larger body is a mistake or an attack. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final GetControlSettingsUseCase read;
    private final UpdateControlSettingsUseCase update;
    private final Duration bodyDeadline;

    /** @param bodyDeadline how long a client may take to send the body once its headers are in */
    ControlSettingsRoutes(SettingsApi settings, Duration bodyDeadline) {
        this.read = settings.read();
        this.update = settings.update();
        this.bodyDeadline = bodyDeadline;
    }

    void get(ServerRequest req, ServerResponse res) {
        ControlSettingsDocument document = read.read();
        if (req.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(value -> ConfigRoutes.precondition(value).allows(Optional.of(document.etag())))
                .orElse(false)) {
            res.header(HeaderValues.create(HeaderNames.ETAG, document.etag().headerValue()));
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        send(res, document);
    }

    /**
     * {@code GET /control-settings/defaults}: what each key of the checked sections is when left out, so that a
     * client shows the policy in force without keeping copies of the defaults.
     */
    void defaults(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, ControlSettings.defaultsTree());
    }

    void put(ServerRequest req, ServerResponse res) throws IOException {
        byte[] body = ConfigRoutes.boundedBody(req, MAX_BODY_BYTES, bodyDeadline);
        Object tree;
        try {
            tree = ConfigRoutes.JSON.readValue(body, Object.class);
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        if (tree == null) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        WritePrecondition precondition = req.headers().first(HeaderNames.IF_MATCH)
                .map(ConfigRoutes::precondition)
                .orElseGet(WritePrecondition.Unconditional::new);
        ControlSettings settings = ControlSettings.fromTree(tree);
        send(res, update.update(new UpdateControlSettingsUseCase.Command(settings, precondition)));
    }

    private static void send(ServerResponse res, ControlSettingsDocument document) {
        res.header(HeaderValues.create(HeaderNames.ETAG, document.etag().headerValue()));
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        JsonResponses.ok(res, document.settings().publicTree());
    }
}
