package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListErrorLogsUseCase;
import dev.cliproxy.control.application.usecase.ReadErrorLogUseCase;
import dev.cliproxy.control.bootstrap.http.dto.ErrorLogListResponse;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.domain.model.ErrorLogName;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code GET /error-logs} and {@code GET /error-logs/{name}}. The name route takes the whole raw remainder of the
 * path, so that every hostile form ({@code a%2Fb}, {@code ..}, {@code %00}) is answered by the name rule with 400
 * rather than falling through to a generic 404.
 */
final class ErrorLogRoutes {

    private static final int MAX_DIGITS = 9;

    private final ListErrorLogsUseCase list;
    private final ReadErrorLogUseCase read;
    private final LastRendered<List<ErrorLogEntry>> rendered = new LastRendered<>(ErrorLogListResponse::from);
    /** The full path up to the name: {@code <base>/error-logs/}. */
    private final String namePrefix;

    ErrorLogRoutes(FileApi files, String basePath) {
        this.list = files.listErrorLogs();
        this.read = files.readErrorLog();
        this.namePrefix = basePath + "/error-logs/";
    }


    void list(ServerRequest req, ServerResponse res) {
        ListErrorLogsUseCase.Query query = new ListErrorLogsUseCase.Query(
                number(req, "offset").orElse(0), number(req, "limit"));
        JsonResponses.okJson(res, rendered.json(list.list(query)));
    }

    void read(ServerRequest req, ServerResponse res) throws IOException {
        String rawPath = req.path().absolute().rawPath();
        String rawName = rawPath.startsWith(namePrefix) ? rawPath.substring(namePrefix.length()) : "";
        ErrorLogName name = HttpNames.decodePathSegment(rawName)
                .flatMap(ErrorLogName::parse)
                .orElseThrow(() -> new InvalidInputException("Invalid error log filename"));
        FileResponses.stream(res, read.open(name), "text/plain; charset=utf-8");
    }

    /** An optional non-negative integer query parameter, given at most once. */
    private static OptionalInt number(ServerRequest req, String parameter) {
        List<String> values = req.query().all(parameter, List::of);
        if (values.isEmpty()) {
            return OptionalInt.empty();
        }
        String value = values.getFirst();
        if (values.size() > 1 || value.isEmpty() || value.length() > MAX_DIGITS
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException("Invalid query parameter",
                    parameter + " must be a non-negative integer of at most " + MAX_DIGITS + " digits");
        }
        return OptionalInt.of(Integer.parseInt(value));
    }
}
