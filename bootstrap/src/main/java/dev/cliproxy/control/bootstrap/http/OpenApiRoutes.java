package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.domain.model.QuotaProvider;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 description of this API, kept as a resource beside the code, with the
 * quota providers this instance knows (built-in and added) in place of {@link #PROVIDERS}.
 */
final class OpenApiRoutes {

    /** The resource holding the description. */
    static final String RESOURCE = "/dev/cliproxy/control/bootstrap/http/openapi.yaml";
    /** Where the resource lists the providers. */
    static final String PROVIDERS = "[PROVIDERS]";

    private final byte[] document;

    OpenApiRoutes(List<QuotaProvider> providers) {
        String providerIds = providers.stream().map(QuotaProvider::id).collect(Collectors.joining(", ", "[", "]"));
        this.document = new String(load(), StandardCharsets.UTF_8).replace(PROVIDERS, providerIds)
                .getBytes(StandardCharsets.UTF_8);
    }

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
