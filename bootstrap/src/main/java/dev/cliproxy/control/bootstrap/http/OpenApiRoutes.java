package dev.cliproxy.control.bootstrap.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the OpenAPI 3.1 description of this API, kept as a resource beside the code. */
final class OpenApiRoutes {

    /** The resource holding the description. */
    static final String RESOURCE = "/dev/cliproxy/control/bootstrap/http/openapi.yaml";

    private final byte[] document = load();


    void document(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8"));
        res.send(document);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
