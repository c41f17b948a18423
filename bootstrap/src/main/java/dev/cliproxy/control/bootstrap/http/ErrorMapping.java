package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.ErrorBody;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.http.media.jackson.JacksonRuntimeException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/** The one place where failures become HTTP answers; every answer is a JSON {@link ErrorBody}. */
final class ErrorMapping {

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(ControlException.class, ErrorMapping::control)
                .error(JacksonRuntimeException.class, ErrorMapping::malformedJson)
                .error(HttpException.class, ErrorMapping::http)
                .error(RuntimeException.class, ErrorMapping::unexpected);
    }

    static Status status(ControlException e) {
        return switch (e) {
            case InvalidInputException x -> Status.BAD_REQUEST_400;
            case NotFoundException x -> Status.NOT_FOUND_404;
            case ConflictException x -> Status.CONFLICT_409;
            case PreconditionFailedException x -> Status.PRECONDITION_FAILED_412;
            case PayloadTooLargeException x -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case RateLimitedException x -> Status.TOO_MANY_REQUESTS_429;
            case StorageException x -> Status.INTERNAL_SERVER_ERROR_500;
            case UpstreamFailureException x -> Status.BAD_GATEWAY_502;
            case ServiceUnavailableException x -> Status.SERVICE_UNAVAILABLE_503;
            case UpstreamTimeoutException x -> Status.GATEWAY_TIMEOUT_504;
        };
    }

    private static void control(ServerRequest req, ServerResponse res, ControlException e) {
        if (e instanceof StorageException) {
            // The answer names no local path; the cause (with the path the JDK put in it) is for the log only.
            LOG.log(System.Logger.Level.WARNING, "{0} {1}: {2}{3}", req.prologue().method().text(),
                    req.path().path(), e.getMessage(), e.getCause() == null ? "" : " (" + e.getCause() + ")");
        }
        if (e instanceof RateLimitedException limited) {
            limited.retryAfter().ifPresent(after ->
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, after.toSeconds()))));
        }
        JsonResponses.send(res, status(e), new ErrorBody(e.error(), e.detail().orElse(null), e.code().orElse(null)));
    }

    private static void malformedJson(ServerRequest req, ServerResponse res, JacksonRuntimeException e) {
        JsonResponses.send(res, Status.BAD_REQUEST_400, ErrorBody.of("Invalid JSON in request body"));
    }

    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        JsonResponses.send(res, status, ErrorBody.of(status.reasonPhrase()));
    }

    /** A bug of ours: a generic answer, and the details only in the log, under an id the answer names. */
    private static void unexpected(ServerRequest req, ServerResponse res, RuntimeException e) {
        String id = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "internal error " + id + " serving " + req.path().path(), e);
        JsonResponses.send(res, Status.INTERNAL_SERVER_ERROR_500,
                new ErrorBody("Internal server error", "See the server log, error id " + id, "internal_error"));
    }

    /** A path that exists, asked with a method it does not serve. */
    static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, Status.METHOD_NOT_ALLOWED_405, new ErrorBody("Method not allowed",
                req.prologue().method().text() + " is not served on this path", null));
    }
}
