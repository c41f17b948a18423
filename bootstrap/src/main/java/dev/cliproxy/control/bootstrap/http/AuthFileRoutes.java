package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ReadAuthFileUseCase;
import dev.cliproxy.control.bootstrap.http.dto.AuthFileListResponse;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.AuthFileListing;
import dev.cliproxy.control.domain.model.AuthFileName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;

/** {@code GET /auth-files} and {@code GET /auth-files/download?name=}. */
final class AuthFileRoutes {

    private final ListAuthFilesUseCase list;
    private final ReadAuthFileUseCase read;
    private final LastRendered<AuthFileListing> rendered = new LastRendered<>(AuthFileListResponse::from);

    AuthFileRoutes(FileApi files) {
        this.list = files.listAuthFiles();
        this.read = files.readAuthFile();
    }


    void list(ServerRequest req, ServerResponse res) {
        JsonResponses.okJson(res, rendered.json(list.list()));
    }

    void download(ServerRequest req, ServerResponse res) throws IOException {
        List<String> names = req.query().all("name", List::of);
        if (names.size() != 1 || names.getFirst().isEmpty()) {
            throw new InvalidInputException("Missing required query parameter: name");
        }
        AuthFileName name = AuthFileName.parse(names.getFirst())
                .orElseThrow(() -> new InvalidInputException("Invalid filename"));
        var content = read.open(name);
        res.header(HeaderValues.create(HeaderNames.CONTENT_DISPOSITION, HttpNames.attachment(name.value())));
        // Tokens: no cache may keep a copy.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        FileResponses.stream(res, content, "application/octet-stream");
    }
}
