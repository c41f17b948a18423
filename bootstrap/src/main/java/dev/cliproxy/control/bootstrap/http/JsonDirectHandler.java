package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.ErrorBody;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the failures Helidon handles before routing (a malformed request line, a body over the limit, a
 * header too large) with the same JSON error body as every route, instead of plain text.
 */
final class JsonDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        headers.set(HeaderNames.CONTENT_TYPE, JsonResponses.JSON_UTF8);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(JsonResponses.toBytes(ErrorBody.of(status.reasonPhrase())))
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
