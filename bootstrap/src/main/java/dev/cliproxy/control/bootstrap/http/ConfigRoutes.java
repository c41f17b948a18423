package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ConfigSavedResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET} and {@code PUT /config.yaml}: the config of the current port, with an {@code ETag} so that an
 * editor can save with {@code If-Match} and never overwrite a change it has not seen. {@code PUT} takes the API
 * document's {@code {"content":"<yaml>"}}, or the YAML itself when the content type says YAML; both are validated
 * alike. {@code GET /config.yaml/backup} serves what the last save replaced, so that a client can restore it by saving
 * it.
 */
final class ConfigRoutes {

    private static final Set<String> YAML_TYPES = Set.of("application/yaml", "text/yaml", "application/x-yaml",
            "text/x-yaml");
    static final ObjectReader JSON = JsonResponses.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final GetProxyConfigUseCase read;
    private final UpdateProxyConfigUseCase update;
    private final long maxBodyBytes;
    private final Duration bodyDeadline;

    /** @param bodyDeadline how long a client may take to send the body once its headers are in */
    ConfigRoutes(FileApi files, Duration bodyDeadline) {
        this.read = files.getConfig();
        this.update = files.updateConfig();
        this.maxBodyBytes = files.maxConfigBodyBytes();
        this.bodyDeadline = bodyDeadline;
    }


    void get(ServerRequest req, ServerResponse res) {
        send(req, res, read.read());
    }

    void backup(ServerRequest req, ServerResponse res) {
        send(req, res, read.readBackup());
    }

    private static void send(ServerRequest req, ServerResponse res, ConfigDocument document) {
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

    void put(ServerRequest req, ServerResponse res) throws IOException {
        Optional<String> type = req.headers().first(HeaderNames.CONTENT_TYPE);
        String content = type.filter(ConfigRoutes::isYaml).isPresent()
                ? yamlContent(boundedBody(req, maxBodyBytes, bodyDeadline), type.get())
                : jsonContent(boundedBody(req, maxBodyBytes, bodyDeadline));
        WritePrecondition precondition = req.headers().first(HeaderNames.IF_MATCH)
                .map(ConfigRoutes::precondition)
                .orElseGet(WritePrecondition.Unconditional::new);
        ConfigUpdate written = update.update(new UpdateProxyConfigUseCase.Command(content, precondition));
        res.header(HeaderValues.create(HeaderNames.ETAG, written.etag().headerValue()));
        JsonResponses.ok(res, new ConfigSavedResponse(true, written.path().toString()));
    }

    /** The API document's body: {@code {"content":"<yaml>"}}. */
    private static String jsonContent(byte[] bytes) {
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        JsonNode content = body == null ? null : body.get("content");
        if (!(body != null && body.isObject() && content != null && content.isTextual())) {
            throw new InvalidInputException("Missing required field: content");
        }
        return content.asText();
    }

    /** The YAML itself, as the Node dashboard's page sends it: UTF-8 text (YAML's own encoding). */
    private static String yamlContent(byte[] bytes, String contentType) {
        Optional<String> charset = parameter(contentType, "charset");
        if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
            throw notUtf8();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    private static InvalidInputException notUtf8() {
        return new InvalidInputException(ErrorCode.INVALID_YAML, "The body must be UTF-8 text");
    }

    /** {@code application/yaml} or {@code text/yaml}, with any parameters; the {@code x-} forms of older tools too. */
    private static boolean isYaml(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return YAML_TYPES.contains(media);
    }

    private static Optional<String> parameter(String contentType, String name) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase(name)) {
                String value = pair[1].strip();
                return Optional.of(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value);
            }
        }
        return Optional.empty();
    }

    /** The body, read up to the limit and no further, so a huge body is never buffered whole. */
    static byte[] boundedBody(ServerRequest req, long maxBodyBytes, Duration deadline) throws IOException {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // Not closed here: closing drains the rest of the entity, which for a body over the limit may never end.
        InputStream in = req.content().inputStream();
        byte[] body = BodyDeadline.readNBytes(in, (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1),
                deadline);
        if (body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBodyBytes
                    + " bytes");
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
