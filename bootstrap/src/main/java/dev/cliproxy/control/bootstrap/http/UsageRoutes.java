package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.UsagePageResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageRecordResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageReportResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageStatusResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.Timestamps;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /usage} (totals and groups), {@code /usage/requests} (pages of raw records), {@code /usage/export}
 * (every record of a range, streamed as CSV or JSON lines) and {@code /usage/status} (the collector). Ranges are
 * {@code from} (included) and {@code to} (excluded), epoch milliseconds or ISO-8601; by default the last 30 days
 * of the control's clock.
 */
final class UsageRoutes {

    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    /** The CSV export's columns, in order. */
    static final List<String> CSV_COLUMNS = List.of("request_id", "time", "timestamp", "instance", "provider",
            "model", "alias", "endpoint", "auth_type", "account", "auth_index", "api_key_label", "api_key_hash",
            "latency_ms", "ttft_ms", "input_tokens", "output_tokens", "reasoning_tokens", "cached_tokens",
            "total_tokens", "failed", "status_code");

    private final UsageApi usage;

    UsageRoutes(UsageApi usage) {
        this.usage = usage;
    }

    void report(ServerRequest req, ServerResponse res) {
        Range range = range(req);
        List<UsageGrouping> groupBy = groupBy(req);
        UsageQuery query = new UsageQuery(range.from(), range.to(), groupBy);
        JsonResponses.ok(res, UsageReportResponse.from(range.from().toEpochMilli(), range.to().toEpochMilli(),
                groupBy, usage.history().report(query)));
    }

    void requests(ServerRequest req, ServerResponse res) {
        Range range = range(req);
        int limit = single(req, "limit").map(UsageRoutes::limit).orElse(UsagePageQuery.DEFAULT_LIMIT);
        Optional<UsageCursor> after = single(req, "cursor").map(UsageCursor::parse);
        JsonResponses.ok(res, UsagePageResponse.from(usage.history().page(
                new UsagePageQuery(range.from(), range.to(), after, limit))));
    }

    void export(ServerRequest req, ServerResponse res) throws IOException {
        Range range = range(req);
        UsageQuery.checkRange(range.from(), range.to());
        String format = single(req, "format").orElse("csv");
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw invalid("format must be csv or jsonl");
        }
        boolean csv = format.equals("csv");
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, csv ? "text/csv; charset=utf-8"
                : "application/x-ndjson; charset=utf-8"));
        res.header(HeaderValues.create(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"usage-"
                + range.from().toEpochMilli() + "-" + range.to().toEpochMilli() + "." + format + "\""));
        try (OutputStream out = res.outputStream();
             Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024)) {
            if (csv) {
                writer.write(String.join(",", CSV_COLUMNS) + "\n");
            }
            Consumer<UsageRecord> line = record -> {
                try {
                    writer.write(csv ? csvLine(record) : new String(JsonResponses.toBytes(
                            UsageRecordResponse.from(record)), StandardCharsets.UTF_8) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            usage.history().export(range.from(), range.to(), line);
        }
    }

    void status(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, UsageStatusResponse.from(usage.collector().status()));
    }

    /** One CSV line (RFC 4180 quoting); text a spreadsheet would run as a formula starts with a quote mark. */
    static String csvLine(UsageRecord r) {
        List<String> cells = List.of(r.requestId(), r.timestamp().toString(),
                Long.toString(r.timestamp().toEpochMilli()), r.instance(), r.provider(), r.model(), r.alias(),
                r.endpoint(), r.authType(), r.account(), r.authIndex(), r.apiKey().label(), r.apiKey().hash(),
                Long.toString(r.latencyMs()), Long.toString(r.ttftMs()), Long.toString(r.tokens().input()),
                Long.toString(r.tokens().output()), Long.toString(r.tokens().reasoning()),
                Long.toString(r.tokens().cached()), Long.toString(r.tokens().total()), Boolean.toString(r.failed()),
                Integer.toString(r.statusCode()));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : ",").append(csvCell(cells.get(i), i < 2 || i > 12));
        }
        return line.append('\n').toString();
    }

    private static String csvCell(String value, boolean plain) {
        String text = !plain && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private record Range(Instant from, Instant to) {
    }

    private Range range(ServerRequest req) {
        Instant to = single(req, "to").map(t -> instant("to", t)).orElseGet(usage.clock()::instant);
        Instant from = single(req, "from").map(f -> instant("from", f)).orElse(to.minus(DEFAULT_RANGE));
        return new Range(from, to);
    }

    private static Instant instant(String parameter, String value) {
        return Timestamps.parse(value).orElseThrow(() -> invalid(parameter
                + " must be epoch milliseconds or an ISO-8601 instant or date"));
    }

    private static List<UsageGrouping> groupBy(ServerRequest req) {
        List<UsageGrouping> groupings = new ArrayList<>();
        for (String value : req.query().all("groupBy", List::of)) {
            for (String id : value.split(",", -1)) {
                groupings.add(UsageGrouping.of(id.strip()));
            }
        }
        return groupings;
    }

    private static int limit(String value) {
        if (!value.matches("\\d{1,4}")) {
            throw invalid("limit must be from 1 to " + UsagePageQuery.MAX_LIMIT);
        }
        return Integer.parseInt(value);
    }

    /** A query parameter given at most once. */
    private static Optional<String> single(ServerRequest req, String parameter) {
        List<String> values = req.query().all(parameter, List::of);
        if (values.size() > 1) {
            throw invalid(parameter + " may be given once");
        }
        return values.stream().findFirst();
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_USAGE_QUERY, detail);
    }
}
