package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.domain.model.FileContent;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/** Streams an opened file as the response body, never holding it whole in memory. */
final class FileResponses {

    private FileResponses() {
    }

    static void stream(ServerResponse res, FileContent content, String contentType) throws IOException {
        try (content) {
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType));
            res.header(HeaderValues.create(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff"));
            // No Content-Length: a log may still grow while it is sent, so it goes out chunked.
            try (OutputStream out = res.outputStream()) {
                content.stream().transferTo(out);
            }
        }
    }
}
