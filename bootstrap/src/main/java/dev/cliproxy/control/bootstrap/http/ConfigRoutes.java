package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cliproxy.control.application.service.UpdateProxyConfigService;
import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ConfigSavedResponse;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET} and {@code PUT /config.yaml}: the config of the current port, with an {@code ETag} so that an
 * editor can save with {@code If-Match} and never overwrite a change it has not seen.
 */
final class ConfigRoutes implements HttpService {

    private static final ObjectReader JSON = JsonResponses.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final GetProxyConfigUseCase read;
    private final UpdateProxyConfigUseCase update;
    private final long maxBodyBytes;

    ConfigRoutes(ApiServices services) {
        this.read = services.getProxyConfig();
        this.update = services.updateProxyConfig();
        this.maxBodyBytes = services.maxConfigBodyBytes();
    }

    @Override
    public void routing(HttpRules rules) {
        EndpointRules.on(rules)
                .get("/config.yaml", this::get)
                .put("/config.yaml", this::put)
                .rejectOtherMethods();
    }

    private void get(ServerRequest req, ServerResponse res) {
        ConfigDocument document = read.read();
        res.header(HeaderValues.create(HeaderNames.ETAG, document.etag().headerValue()));
        // The config holds API keys and the management secret: no cache may keep it.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        if (req.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(value -> precondition(value).allows(Optional.of(document.etag())))
                .orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/yaml; charset=utf-8"));
        res.send(document.content());
    }

    private void put(ServerRequest req, ServerResponse res) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(boundedBody(req));
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        JsonNode content = body == null ? null : body.get("content");
        if (!(body != null && body.isObject() && content != null && content.isTextual())) {
            throw new InvalidInputException("Missing required field: content");
        }
        WritePrecondition precondition = req.headers().first(HeaderNames.IF_MATCH)
                .map(ConfigRoutes::precondition)
                .orElseGet(WritePrecondition.Unconditional::new);
        ConfigUpdate written = update.update(new UpdateProxyConfigUseCase.Command(content.asText(), precondition));
        res.header(HeaderValues.create(HeaderNames.ETAG, written.etag().headerValue()));
        JsonResponses.ok(res, new ConfigSavedResponse(true, written.path().toString()));
    }

    /** The body, read up to the limit and no further, so a huge body is never buffered whole. */
    private byte[] boundedBody(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // Not closed here: closing drains the rest of the entity, which for a body over the limit may never end.
        InputStream in = req.content().inputStream();
        byte[] body = BodyDeadline.readNBytes(in, (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1),
                ApiServer.REQUEST_READ_TIMEOUT);
        if (body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(UpdateProxyConfigService.TOO_LARGE,
                    "The request body exceeds " + maxBodyBytes + " bytes", "payload_too_large", null);
        }
        return body;
    }

    /** {@code *}, or a list of entity tags; a weak tag never matches, as RFC 9110 asks for {@code If-Match}. */
    static WritePrecondition precondition(String header) {
        if (header.strip().equals("*")) {
            return new WritePrecondition.AnyExisting();
        }
        List<EntityTag> tags = Arrays.stream(header.split(","))
                .map(String::strip)
                .filter(tag -> !tag.isEmpty() && !tag.startsWith("W/"))
                .map(tag -> tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                        ? tag.substring(1, tag.length() - 1) : tag)
                .map(EntityTag::new)
                .toList();
        return new WritePrecondition.MatchesAny(tags);
    }
}
