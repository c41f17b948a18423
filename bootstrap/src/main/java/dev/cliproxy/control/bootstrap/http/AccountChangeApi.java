package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cliproxy.control.application.usecase.ImportAccountUseCase;
import dev.cliproxy.control.application.usecase.LogInAccountUseCase;
import dev.cliproxy.control.application.usecase.RemoveAccountUseCase;
import dev.cliproxy.control.application.usecase.WatchAccountEventsUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import java.io.IOException;
import java.util.Objects;

/** What the API serves of accounts being added and removed: sign-ins, imports, removals, restores, their events. */
public record AccountChangeApi(LogInAccountUseCase login, ImportAccountUseCase imports, RemoveAccountUseCase removal,
                               WatchAccountEventsUseCase events) {

    /** Jackson alone (no Helidon class): the facade parses with it too, with or without the HTTP API. */
    private static final ObjectReader TOKEN_FILES = new ObjectMapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public AccountChangeApi {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(removal, "removal");
        Objects.requireNonNull(events, "events");
    }

    /**
     * The bytes of a token file as an import takes them, parsed strictly (one JSON object, no duplicate key, nothing
     * after it), for the route and the facade alike: {@code invalid_token_file} when they are no JSON object.
     */
    public static TokenFileUpload tokenFile(byte[] bytes) {
        try {
            return TokenFileUpload.of(bytes, TOKEN_FILES.readValue(bytes, Object.class));
        } catch (IOException e) {
            throw new InvalidInputException(ErrorCode.INVALID_TOKEN_FILE, "A token file is a JSON object, as"
                    + " CLIProxyAPI writes it");
        }
    }
}
