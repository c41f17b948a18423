package dev.cliproxy.control.harness;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.bootstrap.http.dto.AccountResponse;
import dev.cliproxy.control.bootstrap.http.dto.RemovedAccountResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsagePageResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageRecordResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageReportResponse;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.model.UpdateCheck;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The public facade, with its results and exceptions read as the contract's answers. */
final class FacadeClient implements ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliProxyControl control;

    FacadeClient(CliProxyControl control) {
        this.control = control;
    }

    /** The contract's status of each failure kind (contract §2, §4): the facade throws, HTTP answers. */
    static int statusOf(ControlException e) {
        return switch (e) {
            case InvalidInputException x -> 400;
            case NotFoundException x -> 404;
            case ConflictException x -> 409;
            case PreconditionFailedException x -> 412;
            case PayloadTooLargeException x -> 413;
            case RateLimitedException x -> 429;
            case StorageException x -> 500;
            case UpstreamFailureException x -> 502;
            case ServiceUnavailableException x -> 503;
            case UpstreamTimeoutException x -> 504;
        };
    }

    private static ApiAnswer call(Supplier<ApiAnswer> operation) {
        try {
            return operation.get();
        } catch (ControlException e) {
            return answer(e);
        }
    }

    /** The failure as HTTP would answer it: status, error, and the detail and code when there are. */
    static ApiAnswer answer(ControlException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        e.detail().ifPresent(d -> body.put("message", d));
        e.code().ifPresent(c -> body.put("code", c));
        return new ApiAnswer(statusOf(e), body, null, Optional.empty());
    }

    @Override
    public ApiAnswer status() {
        return call(() -> switch (control.proxy().status()) {
            case ProxyStatus.Running r -> ApiAnswer.ok(Map.of("running", true, "port", r.port(),
                    "sessionCount", r.sessionCount()));
            case ProxyStatus.NotRunning n -> ApiAnswer.ok(Map.of("running", false));
            case ProxyStatus.Remote r -> ApiAnswer.ok(Map.of("running", r.running(), "port", r.port(),
                    "remote", r.baseUri().toString(), "state", r.state().id()));
        });
    }

    @Override
    public ApiAnswer start() {
        return call(() -> switch (control.proxy().start()) {
            case StartOutcome.Started s -> ApiAnswer.ok(Map.of("started", true, "alreadyRunning", false,
                    "port", s.port()));
            case StartOutcome.AlreadyRunning a -> ApiAnswer.ok(Map.of("started", false, "alreadyRunning", true,
                    "port", a.port()));
            case StartOutcome.StartFailed f -> ApiAnswer.ok(Map.of("started", false, "alreadyRunning", false,
                    "port", f.port(), "error", f.reason()));
        });
    }

    @Override
    public ApiAnswer stop() {
        return call(() -> switch (control.proxy().stop()) {
            case StopOutcome.Stopped s -> ApiAnswer.ok(Map.of("stopped", true, "pid", s.pid(),
                    "sessionCount", s.sessionCount()));
            case StopOutcome.NotStopped n -> ApiAnswer.ok(Map.of("stopped", false, "error", n.reason()));
        });
    }

    @Override
    public ApiAnswer updateCheck() {
        return call(() -> {
            UpdateCheck check = control.updates().check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hasUpdate", check.hasUpdate());
            body.put("currentVersion", check.currentVersion().orElse(null));
            body.put("latestVersion", check.latestVersion());
            body.put("fromCache", check.fromCache());
            return ApiAnswer.ok(body);
        });
    }

    @Override
    public ApiAnswer models() {
        return call(() -> ApiAnswer.ok(Map.of("totalCount", control.models().list().totalCount())));
    }

    @Override
    public ApiAnswer listErrorLogs() {
        return call(() -> ApiAnswer.ok(Map.of("files", control.errorLogs().list().stream().map(e -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("name", e.file().name());
            file.put("size", e.file().size());
            file.put("absolutePath", e.absolutePath().toString());
            e.metadata().statusCode().ifPresent(s -> file.put("statusCode", s));
            e.metadata().model().ifPresent(m -> file.put("model", m));
            return (Object) file;
        }).toList())));
    }

    @Override
    public ApiAnswer readErrorLog(String name) {
        // A name the type refuses cannot even be asked for: that is the facade's 400.
        return ErrorLogName.parse(name).map(n -> call(() -> read(control.errorLogs().open(n))))
                .orElseGet(() -> ApiAnswer.error(400, "Invalid error log filename"));
    }

    @Override
    public ApiAnswer readConfig() {
        return call(() -> {
            ConfigDocument document = control.config().read();
            return ApiAnswer.file(document.content(), Optional.of(document.etag().headerValue()));
        });
    }

    @Override
    public ApiAnswer readConfigBackup() {
        return call(() -> {
            ConfigDocument document = control.config().readBackup();
            return ApiAnswer.file(document.content(), Optional.of(document.etag().headerValue()));
        });
    }

    @Override
    public ApiAnswer writeConfig(String content, Optional<String> ifMatch) {
        return call(() -> {
            var update = ifMatch.isPresent()
                    ? control.config().update(content, new EntityTag(ifMatch.get().replace("\"", "")))
                    : control.config().update(content);
            return new ApiAnswer(200, Map.of("success", true, "path", update.path().toString()), null,
                    Optional.of(update.etag().headerValue()));
        });
    }

    @Override
    public ApiAnswer listAuthFiles() {
        return call(() -> {
            var listing = control.authFiles().list();
            List<Object> files = listing.files().stream().map(f -> (Object) Map.of("name", f.name(), "size", f.size()))
                    .toList();
            return ApiAnswer.ok(Map.of("files", files, "directory", listing.directory().toString()));
        });
    }

    @Override
    public ApiAnswer downloadAuthFile(String name) {
        return AuthFileName.parse(name).map(n -> call(() -> read(control.authFiles().open(n))))
                .orElseGet(() -> ApiAnswer.error(400, "Invalid filename"));
    }

    @Override
    public ApiAnswer quota(String provider, String accountId) {
        return call(() -> switch (control.quota().fetch(provider, accountId)) {
            case QuotaResult.Fetched f -> ApiAnswer.ok(Map.of("provider", f.provider().id(),
                    "quotas", f.quotas().stream().map(q -> (Object) q.unit().id()).toList(),
                    "cached", f.cached()));
            case QuotaResult.Unsupported u -> ApiAnswer.ok(Map.of("provider", u.provider().id(),
                    "quotas", List.of(), "supported", false));
        });
    }

    @Override
    public ApiAnswer importAccount(byte[] tokenFile, Optional<String> name, boolean replace) {
        return call(() -> ApiAnswer.ok(tree(AccountResponse.from(control.accounts().importToken(tokenFile, name,
                replace)))));
    }

    @Override
    public ApiAnswer deleteAccount(String provider, String accountId) {
        return call(() -> ApiAnswer.ok(tree(RemovedAccountResponse.from(control.accounts().delete(provider,
                accountId)))));
    }

    @Override
    public ApiAnswer restoreAccount(String provider, String accountId) {
        return call(() -> ApiAnswer.ok(tree(AccountResponse.from(control.accounts().restore(provider, accountId)))));
    }

    @Override
    public ApiAnswer usageReport(long from, long to, List<String> groupBy) {
        return call(() -> {
            List<UsageGrouping> groupings = groupBy.stream().map(UsageGrouping::of).toList();
            UsageReport report = control.usage().report(new UsageQuery(Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(to), groupings));
            return ApiAnswer.ok(tree(UsageReportResponse.from(from, to, groupings, report)));
        });
    }

    @Override
    public ApiAnswer usagePages(long from, long to, int limit) {
        return call(() -> {
            List<Object> pages = new ArrayList<>();
            Optional<UsageCursor> after = Optional.empty();
            do {
                UsagePage page = control.usage().requests(new UsagePageQuery(Instant.ofEpochMilli(from),
                        Instant.ofEpochMilli(to), after, limit));
                pages.add(tree(UsagePageResponse.from(page)));
                after = page.next();
            } while (after.isPresent());
            return ApiAnswer.ok(Map.of("pages", pages));
        });
    }

    /** The facade hands records out as they are, whatever the format: as the JSON lines would carry them. */
    @Override
    public ApiAnswer usageExport(long from, long to, String format) {
        return call(() -> {
            List<Object> records = new ArrayList<>();
            control.usage().export(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to),
                    record -> records.add(tree(UsageRecordResponse.from(record))));
            return ApiAnswer.ok(Map.of("records", records));
        });
    }

    /** The answer as the API's JSON would carry it: the same DTO, its fields as maps and numbers. */
    static Map<String, Object> tree(Object dto) {
        // Written and read back, as over HTTP: numbers come back as the smallest type that holds them.
        try {
            return JSON.readValue(JSON.writeValueAsBytes(dto), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiAnswer read(FileContent content) {
        try (content) {
            return ApiAnswer.file(content.stream().readAllBytes(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
