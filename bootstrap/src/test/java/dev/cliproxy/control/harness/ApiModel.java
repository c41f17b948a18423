package dev.cliproxy.control.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.bootstrap.http.dto.UsagePageResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageRecordResponse;
import dev.cliproxy.control.bootstrap.http.dto.UsageReportResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileFacts;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the API must answer, kept as small as the contract allows: whether the proxy runs and with how many
 * sessions, the config's content, the files of {@code logs/}, {@code auth/} and {@code auth-removed/}, the upstreams'
 * answers and the release cache. {@link #expect} checks one answer and moves the model on; {@link #invariants} holds after every step.
 */
final class ApiModel {

    private static final Duration RELEASE_CACHE_TTL = Duration.ofHours(1);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private boolean running;
    private boolean launchFails;
    private boolean configWriteFails;
    private int sessionCount;
    /** Sessions opened since the proxy last started (older handles are stale: closing them changes nothing). */
    private final List<Boolean> openHandlesLive = new ArrayList<>();
    private String config;
    /** What the last successful write replaced; none before the first. */
    private String configBackup;
    private final Map<String, ErrorLogFile> logs = new TreeMap<>();
    private final Map<String, byte[]> authFiles = new TreeMap<>();
    private final Map<QuotaProvider, QuotaAnswer> answers = new HashMap<>();
    private boolean feedUp = true;
    private List<Release> releases = List.of();
    private Optional<String> cachedLatest = Optional.empty();
    private Instant cachedAt = Instant.MIN;
    private final TestClock clock;
    /** {@link ControlWorld#LINKED_AUTH} in {@code auth/} is still the link out of the CCS directory. */
    private boolean linkOutside = true;
    /** The files removed to {@code auth-removed/}, oldest first. */
    private final List<Removed> removed = new ArrayList<>();
    /** The usage records stored, by key: the first of a key is the one kept. */
    private final Map<UsageCursor, UsageRecord> usage = new LinkedHashMap<>();

    /** A removed file, with its content and when it was removed. */
    private record Removed(String file, byte[] content, Instant removedAt) {
    }

    ApiModel(ControlWorld world) {
        this.config = world.baseConfig();
        this.clock = world.clock;
    }

    boolean running() {
        return running;
    }

    @SuppressWarnings("unchecked")
    void expect(Step step, Optional<ApiAnswer> maybe, ControlWorld world) {
        switch (step) {
            case Step.Status s -> assertStatus(maybe.orElseThrow());
            case Step.Start s -> {
                ApiAnswer a = ok(maybe);
                assertEquals(running, a.get("alreadyRunning"), "alreadyRunning: " + a);
                if (!running && launchFails) {
                    launchFails = false;
                    assertEquals(false, a.get("started"), "a launch that fails: " + a);
                    assertTrue(a.get("error") instanceof String, "a failed start says why: " + a);
                    return;
                }
                // A start that found the proxy running did not start it (the API document's answer).
                assertEquals(!running, a.get("started"), "started only by a start that launched it: " + a);
                if (!running) {
                    running = true;
                    sessionCount = 1; // the start's own session keeps the proxy up when embedders close theirs
                    staleHandles();
                }
            }
            case Step.Stop s -> {
                ApiAnswer a = ok(maybe);
                assertEquals(running, a.get("stopped"), "stopped: " + a);
                if (running) {
                    assertEquals(sessionCount, ((Number) a.get("sessionCount")).intValue(), "sessionCount: " + a);
                    stopped();
                } else {
                    assertTrue(a.get("error") instanceof String, "a stop of nothing says why: " + a);
                }
            }
            case Step.Crash c -> stopped();
            case Step.RestartControl r -> { }
            case Step.ConcurrentStarts c -> {
                List<ApiAnswer> all = (List<ApiAnswer>) (List<?>) ok(maybe).get("answers");
                long fresh = all.stream().filter(a -> a.status() == 200 && Boolean.TRUE.equals(a.get("started"))
                        && Boolean.FALSE.equals(a.get("alreadyRunning"))).count();
                all.forEach(a -> assertEquals(200, a.status(), a.toString()));
                if (running) {
                    assertEquals(0, fresh, "starts while it runs: " + all);
                } else if (launchFails) {
                    // One caller meets the failing launch; another may then launch a healthy proxy.
                    assertTrue(fresh <= 1, "one proxy at most: " + all);
                    launchFails = false;
                    if (fresh == 1) {
                        running = true;
                        sessionCount = 1;
                        staleHandles();
                    }
                } else {
                    assertEquals(1, fresh, "exactly one caller starts the proxy: " + all);
                    running = true;
                    sessionCount = 1;
                    staleHandles();
                }
            }
            case Step.NextLaunchFails f -> launchFails = true;
            case Step.NextConfigWriteFails f -> configWriteFails = true;
            case Step.OpenSession o -> {
                if (!running && launchFails) {
                    launchFails = false;
                    assertError(maybe.orElseThrow(), 503, "CLIProxy could not be started");
                    return;
                }
                ok(maybe);
                if (!running) {
                    running = true;
                    sessionCount = 0;
                    staleHandles();
                }
                sessionCount++;
                openHandlesLive.add(true);
            }
            case Step.CloseSession c -> {
                if (!openHandlesLive.isEmpty() && openHandlesLive.removeFirst()) {
                    sessionCount--;
                    if (sessionCount == 0) {
                        stopped();
                    }
                }
            }
            case Step.ReadConfig r -> assertConfig(maybe.orElseThrow());
            case Step.ReadConfigBackup r -> {
                ApiAnswer a = maybe.orElseThrow();
                if (configBackup == null) {
                    assertError(a, 404, "Config backup not found");
                } else {
                    assertEquals(200, a.status(), a.toString());
                    assertEquals(configBackup, a.text(), "the backup holds what the last write replaced");
                    assertEquals(Optional.of(EntityTag.of(configBackup.getBytes(StandardCharsets.UTF_8)).headerValue()),
                            a.etag());
                }
            }
            case Step.WriteConfig w -> {
                ApiAnswer a = maybe.orElseThrow();
                if (!w.valid()) {
                    assertError(a, 400, "Invalid YAML");
                } else if (w.precondition() == Step.Precondition.STALE_ETAG) {
                    assertEquals(412, a.status(), "a stale ETag: " + a);
                } else if (configWriteFails) {
                    configWriteFails = false;
                    assertError(a, 500, "Failed to write config file");
                } else {
                    assertEquals(200, a.status(), "a valid write: " + a);
                    assertEquals(Boolean.TRUE, a.get("success"), a.toString());
                    configBackup = config;
                    config = w.content(world);
                }
            }
            case Step.PutLog p -> logs.put(p.log().name(), p.log());
            case Step.DeleteLog d -> logs.remove(d.name());
            case Step.ListLogs l -> assertLogs(ok(maybe), world);
            case Step.ReadLog r -> {
                ApiAnswer a = maybe.orElseThrow();
                ErrorLogFile log = logs.get(r.name());
                if (log != null) {
                    assertEquals(200, a.status(), a.toString());
                    assertEquals(log.content(), a.text());
                } else if (dev.cliproxy.control.domain.model.ErrorLogName.parse(r.name()).isEmpty()) {
                    assertRefused(a, "Invalid error log filename");
                } else {
                    assertError(a, 404, "Error log not found");
                }
            }
            case Step.PutAuthFile p -> authFiles.put(p.name(), p.content().getBytes(StandardCharsets.UTF_8));
            case Step.DeleteAuthFile d -> authFiles.remove(d.name());
            case Step.ListAuthFiles l -> assertAuthFiles(ok(maybe));
            case Step.DownloadAuthFile d -> {
                ApiAnswer a = maybe.orElseThrow();
                byte[] content = authFiles.get(d.name());
                if (content != null) {
                    assertEquals(200, a.status(), a.toString());
                    assertArrayEquals(content, a.bytes());
                } else if (d.name().isEmpty() && a.status() == 400) {
                    assertTrue(List.of("Invalid filename", "Missing required query parameter: name")
                            .contains(a.error()), a.toString());
                } else if (dev.cliproxy.control.domain.model.AuthFileName.parse(d.name()).isEmpty()) {
                    assertRefused(a, "Invalid filename");
                } else {
                    assertError(a, 404, "Auth file not found");
                }
            }
            case Step.AddAccount add -> authFiles.put(add.provider().tokenFiles().fileName(add.accountId()),
                    loginTokenFile(add.provider(), add.accountId()).getBytes(StandardCharsets.UTF_8));
            case Step.PutTokenFile t -> throw new IllegalStateException(
                    "the model knows the names the CLI's login gives only; " + t + " is for the differential test");
            case Step.ImportAccount i -> expectImport(i, maybe.orElseThrow());
            case Step.DeleteAccount d -> expectDelete(d, maybe.orElseThrow());
            case Step.RestoreAccount r -> expectRestore(r, maybe.orElseThrow());
            case Step.UpstreamAnswers u -> answers.put(u.provider(), u.answer());
            case Step.Quota q -> assertQuota(q, maybe.orElseThrow());
            case Step.Feed f -> {
                feedUp = f.up();
                releases = f.releases();
            }
            case Step.AdvanceClock c -> { }
            case Step.UpdateCheck u -> assertUpdateCheck(maybe.orElseThrow());
            case Step.ServeRequests served -> served.records().forEach(r -> usage.putIfAbsent(UsageCursor.of(r), r));
            case Step.QueryUsage q -> expectReport(q, maybe.orElseThrow());
            case Step.PageUsage p -> expectPages(p, maybe.orElseThrow());
            case Step.ExportUsage e -> expectExport(e, maybe.orElseThrow());
            case Step.Models m -> {
                ApiAnswer a = maybe.orElseThrow();
                if (running) {
                    assertEquals(200, a.status(), a.toString());
                    assertEquals(2, ((Number) a.get("totalCount")).intValue(), a.toString());
                } else {
                    assertError(a, 503, "CLIProxy Plus not running");
                }
            }
        }
        maybe.ifPresent(a -> assertFalse(a.text().contains(ControlWorld.OUTSIDE_SECRET)
                || a.json().toString().contains(ControlWorld.OUTSIDE_SECRET), "served a file from outside: " + a));
    }

    /** After every step: the status, one proxy at most, nothing lost, nothing outside touched. */
    void invariants(ControlWorld world) {
        ApiClient facade = world.client(false);
        assertStatus(facade.status());
        int live = world.liveProxies();
        assertTrue(live <= 1, "at most one proxy runs, found " + live);
        assertEquals(running ? 1 : 0, live, "proxies alive");
        assertConfig(facade.readConfig());
        assertLogs(ok(Optional.of(facade.listErrorLogs())), world);
        assertAuthFiles(ok(Optional.of(facade.listAuthFiles())));
        world.assertOutsideUntouched();
    }

    private void stopped() {
        running = false;
        sessionCount = 0;
        staleHandles();
    }

    private void staleHandles() {
        openHandlesLive.replaceAll(live -> false);
    }

    private void assertStatus(ApiAnswer a) {
        assertEquals(200, a.status(), a.toString());
        assertEquals(running, a.get("running"), "running: " + a);
        if (running) {
            assertEquals(sessionCount, ((Number) a.get("sessionCount")).intValue(), "sessionCount: " + a);
        }
    }

    private void assertConfig(ApiAnswer a) {
        assertEquals(200, a.status(), a.toString());
        assertEquals(config, a.text(), "the config holds the last write");
        assertEquals(Optional.of(EntityTag.of(config.getBytes(StandardCharsets.UTF_8)).headerValue()), a.etag());
    }

    @SuppressWarnings("unchecked")
    private void assertLogs(ApiAnswer a, ControlWorld world) {
        List<Map<String, Object>> files = (List<Map<String, Object>>) a.get("files");
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> file : files) {
            String name = (String) file.get("name");
            names.add(name);
            ErrorLogFile log = logs.get(name);
            assertNotNull(log, "listed a log that is not there: " + name);
            assertEquals(log.content().getBytes(StandardCharsets.UTF_8).length, ((Number) file.get("size")).longValue());
            assertEquals(log.statusCode().getAsInt(), ((Number) file.get("statusCode")).intValue(), "status of " + log);
            assertEquals(log.model().orElseThrow(), file.get("model"), "model of " + log);
            if (file.containsKey("mtime")) {
                assertEquals(Math.floorDiv(((Number) file.get("mtime")).longValue(), 1000),
                        ((Number) file.get("modified")).longValue(), "modified is mtime in seconds: " + file);
            }
            assertTrue(((String) file.get("absolutePath")).startsWith(world.root.resolve("ccs").toString()),
                    "a log path outside the CCS directory: " + file);
        }
        assertEquals(logs.keySet(), names, "every log listed, and only logs");
    }

    @SuppressWarnings("unchecked")
    private void assertAuthFiles(ApiAnswer a) {
        Map<String, Long> listed = new TreeMap<>();
        for (Map<String, Object> file : (List<Map<String, Object>>) a.get("files")) {
            listed.put((String) file.get("name"), ((Number) file.get("size")).longValue());
        }
        Map<String, Long> expected = new TreeMap<>();
        authFiles.forEach((name, bytes) -> expected.put(name, (long) bytes.length));
        assertEquals(expected, listed, "the auth files, with their sizes");
    }

    private void assertQuota(Step.Quota q, ApiAnswer a) {
        Optional<QuotaProvider> provider = QuotaProvider.builtIn().stream()
                .filter(p -> p.id().equals(q.provider())).findFirst();
        boolean badAccount = !q.accountId().matches("[A-Za-z0-9@._+#=-]{1,200}") || q.accountId().contains("..");
        if (provider.isEmpty()) {
            // A path that is not even a route (an encoded "/", an empty segment) may be 404.
            assertRefused(badAccount, a, "Invalid provider");
            return;
        }
        if (badAccount) {
            assertRefused(a, "Invalid account ID");
            return;
        }
        if (!ControlWorld.QUOTA_PROVIDERS.contains(provider.get())) {
            assertEquals(200, a.status(), a.toString());
            assertEquals(Boolean.FALSE, a.get("supported"), "a provider without a quota API: " + a);
            return;
        }
        String file = provider.get().tokenFiles().fileName(q.accountId());
        boolean account = Optional.ofNullable(authFiles.get(file)).map(b -> new String(b, StandardCharsets.UTF_8))
                .filter(loginTokenFile(provider.get(), q.accountId())::equals)
                .isPresent();
        if (!account) {
            assertError(a, 404, "Account not found");
            return;
        }
        QuotaAnswer answer = answers.getOrDefault(provider.get(), QuotaAnswer.ok("{}"));
        assertEquals(answer.expectedStatus(), a.status(), "upstream " + answer + " became " + a);
        if (a.status() == 200) {
            assertEquals(provider.get().id(), a.get("provider"));
        } else {
            assertTrue(a.get("code") instanceof String, "a quota failure has a code: " + a);
        }
    }

    /** An import: the file's type must be a provider's and its name an account file's, a taken name kept. */
    private void expectImport(Step.ImportAccount i, ApiAnswer a) {
        Optional<Object> tree = json(i.content().getBytes(StandardCharsets.UTF_8));
        if (tree.isEmpty() || !(tree.get() instanceof Map)) {
            assertError(a, 400, "Invalid token file");
            return;
        }
        TokenFileFacts facts = TokenFileFacts.fromTree(tree.get());
        Optional<QuotaProvider> owner = facts.type().flatMap(type -> QuotaProvider.builtIn().stream()
                .filter(p -> p.tokenFiles().types().contains(type.toLowerCase(Locale.ROOT))).findFirst());
        if (owner.isEmpty()) {
            assertError(a, 400, "Invalid token file");
            return;
        }
        String name = i.name().orElseGet(() -> facts.email().map(e -> owner.get().tokenFiles().fileName(e)).orElse(""));
        if (!TokenFileUpload.isAccountFileName(name)) {
            assertError(a, 400, "Invalid filename");
            return;
        }
        prune();
        if (taken(name) && !i.replace()) {
            assertError(a, 409, "Account already exists");
            return;
        }
        assertEquals(200, a.status(), a.toString());
        assertEquals(owner.get().id(), a.get("provider"), a.toString());
        assertEquals(name, a.get("file"), a.toString());
        assertEquals(stem(name), a.get("accountId"), a.toString());
        assertFalse(a.json().toString().contains("tok-"), "never the token: " + a);
        authFiles.put(name, i.content().getBytes(StandardCharsets.UTF_8));
        linkOutside &= !name.equals(ControlWorld.LINKED_AUTH);
    }

    /** A removal: the account's file of {@code auth/} leaves for {@code auth-removed/}, at the next free millisecond. */
    private void expectDelete(Step.DeleteAccount d, ApiAnswer a) {
        if (!acceptedAccount(d.provider(), d.accountId(), a)) {
            return;
        }
        prune();
        Optional<String> file = authFiles.keySet().stream().filter(ApiModel::listed)
                .filter(f -> stem(f).equals(d.accountId()) && owner(f, authFiles.get(f)).equals(d.provider()))
                .findFirst();
        if (file.isEmpty()) {
            assertError(a, 404, "Account not found");
            return;
        }
        Instant at = clock.instant();
        while (at.equals(removedAt(file.get(), at))) {
            at = at.plusMillis(1);
        }
        assertEquals(200, a.status(), a.toString());
        assertEquals(file.get(), a.get("file"), a.toString());
        assertEquals(false, a.get("paused"), a.toString());
        assertEquals(at.toEpochMilli(), ((Number) a.get("removedAt")).longValue(), a.toString());
        assertEquals(at.plus(RemovedAccount.KEPT_FOR).toEpochMilli(), ((Number) a.get("purgeAt")).longValue());
        removed.add(new Removed(file.get(), authFiles.remove(file.get()), at));
    }

    /** A restore: the newest removed file of the account comes back, unless its name is taken again. */
    private void expectRestore(Step.RestoreAccount r, ApiAnswer a) {
        if (!acceptedAccount(r.provider(), r.accountId(), a)) {
            return;
        }
        prune();
        Optional<Removed> newest = removed.stream()
                .filter(k -> stem(k.file()).equals(r.accountId()) && owner(k.file(), k.content()).equals(r.provider()))
                .max((x, y) -> x.removedAt().compareTo(y.removedAt()));
        if (newest.isEmpty()) {
            assertError(a, 404, "Account not found");
            return;
        }
        if (taken(newest.get().file())) {
            assertError(a, 409, "Account already exists");
            return;
        }
        assertEquals(200, a.status(), a.toString());
        assertEquals(newest.get().file(), a.get("file"), a.toString());
        assertEquals(r.provider(), a.get("provider"), a.toString());
        authFiles.put(newest.get().file(), newest.get().content());
        removed.remove(newest.get());
    }

    /** A provider and id every account route takes; else the refusal (or no route at all for a hostile path). */
    private static boolean acceptedAccount(String provider, String accountId, ApiAnswer a) {
        if (!provider.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            assertRefusedPath(a, "Invalid provider");
            return false;
        }
        if (!dev.cliproxy.control.domain.model.AccountId.isValid(accountId)) {
            assertRefusedPath(a, "Invalid account ID");
            return false;
        }
        return true;
    }

    /** Refused: 400 with the contract's text, else no route (404) or no such method there (405). */
    private static void assertRefusedPath(ApiAnswer a, String error) {
        if (a.status() != 404 && a.status() != 405) {
            assertError(a, 400, error);
        }
    }

    /** Files removed more than {@link RemovedAccount#KEPT_FOR} ago are deleted by the next operation. */
    private void prune() {
        Instant now = clock.instant();
        removed.removeIf(k -> !now.isBefore(k.removedAt().plus(RemovedAccount.KEPT_FOR)));
    }

    private Instant removedAt(String file, Instant at) {
        return removed.stream().filter(k -> k.file().equals(file) && k.removedAt().equals(at)).findFirst()
                .map(Removed::removedAt).orElse(Instant.MIN);
    }

    private boolean taken(String name) {
        return authFiles.containsKey(name) || name.equals(ControlWorld.LINKED_AUTH) && linkOutside;
    }

    /** A token file as the account listing takes one: a plain {@code *.json} name. */
    private static boolean listed(String name) {
        return name.endsWith(".json") && name.length() > ".json".length()
                && dev.cliproxy.control.domain.model.AuthFileName.parse(name).isPresent();
    }

    private static String stem(String file) {
        return file.substring(0, file.length() - ".json".length());
    }

    /** The provider the listing names a file by: its type's, else its name's prefix's. */
    private static String owner(String file, byte[] content) {
        return QuotaProvider.ownerOf(QuotaProvider.builtIn(), json(content).map(TokenFileFacts::fromTree)
                .orElse(TokenFileFacts.NONE).type(), file);
    }

    private static Optional<Object> json(byte[] content) {
        try {
            return Optional.ofNullable(JSON.readValue(content, Object.class));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    /** The token file the CLI's login writes, as {@link ControlWorld#putAccount} writes it. */
    private static String loginTokenFile(QuotaProvider provider, String accountId) {
        return InMemoryAuthFiles.tokenFile(Optional.of(provider.tokenFiles().type()), accountId,
                ControlWorld.token(accountId));
    }

    private void assertUpdateCheck(ApiAnswer a) {
        Instant now = clock.instant();
        boolean fresh = cachedLatest.isPresent() && now.isBefore(cachedAt.plus(RELEASE_CACHE_TTL));
        Optional<Release> latest = releases.stream().filter(r -> !r.prerelease())
                .max((x, y) -> x.number().compareTo(y.number()));
        String expected;
        boolean fromCache;
        if (fresh) {
            expected = cachedLatest.get();
            fromCache = true;
        } else if (feedUp && latest.isPresent()) {
            expected = latest.get().version();
            fromCache = false;
            cachedLatest = Optional.of(expected);
            cachedAt = now;
        } else if (cachedLatest.isPresent()) {
            expected = cachedLatest.get();
            fromCache = true;
        } else {
            assertEquals(503, a.status(), "no feed and no cache: " + a);
            return;
        }
        assertEquals(200, a.status(), a.toString());
        assertEquals(expected, a.get("latestVersion"), a.toString());
        assertEquals(fromCache, a.get("fromCache"), a.toString());
        assertEquals(ControlWorld.INSTALLED_VERSION, a.get("currentVersion"), a.toString());
        assertEquals(ProxyVersion.parse(expected).orElseThrow()
                .isNewerThan(ProxyVersion.parse(ControlWorld.INSTALLED_VERSION).orElseThrow()), a.get("hasUpdate"));
    }

    /**
     * A report is the domain's sums ({@link UsageReport#of}) of the records stored, as the API's JSON has them; a
     * query the domain refuses (an empty range, an unknown or repeated grouping, more than three) is a 400.
     */
    private void expectReport(Step.QueryUsage q, ApiAnswer a) {
        List<UsageGrouping> groupBy;
        UsageQuery query;
        try {
            groupBy = q.groupBy().stream().map(UsageGrouping::of).toList();
            query = new UsageQuery(Instant.ofEpochMilli(q.from()), Instant.ofEpochMilli(q.to()), groupBy);
        } catch (InvalidInputException refused) {
            assertError(a, 400, ErrorCode.INVALID_USAGE_QUERY.error());
            return;
        }
        UsageReport expected = UsageReport.of(usage.values(), query);
        assertEquals(FacadeClient.tree(UsageReportResponse.from(q.from(), q.to(), groupBy, expected)), a.json(),
                q.toString());
    }

    /** Pages are the records in key order ({@link UsageCursor#ORDER}) the query admits, cut by the domain's rule. */
    private void expectPages(Step.PageUsage p, ApiAnswer a) {
        List<Object> pages = new ArrayList<>();
        Optional<UsageCursor> after = Optional.empty();
        try {
            do {
                UsagePageQuery query = new UsagePageQuery(Instant.ofEpochMilli(p.from()), Instant.ofEpochMilli(p.to()),
                        after, p.limit());
                UsagePage page = UsagePage.of(usage.values().stream().filter(query::admits).sorted(UsageCursor.ORDER)
                        .limit(p.limit() + 1L).toList(), p.limit());
                pages.add(FacadeClient.tree(UsagePageResponse.from(page)));
                after = page.next();
            } while (after.isPresent());
        } catch (InvalidInputException refused) {
            assertError(a, 400, ErrorCode.INVALID_USAGE_QUERY.error());
            return;
        }
        assertEquals(Map.of("pages", pages), a.json(), p.toString());
    }

    /**
     * An export is every record of the range in key order: whole as JSON lines (and through the facade); as CSV,
     * the cells that are never escaped.
     */
    @SuppressWarnings("unchecked")
    private void expectExport(Step.ExportUsage e, ApiAnswer a) {
        if (e.from() >= e.to() || e.format().equals("xml")) {
            assertError(a, 400, ErrorCode.INVALID_USAGE_QUERY.error());
            return;
        }
        List<UsageRecord> range = usage.values().stream()
                .filter(r -> r.timestamp().toEpochMilli() >= e.from() && r.timestamp().toEpochMilli() < e.to())
                .sorted(UsageCursor.ORDER).toList();
        ApiAnswer exported = ok(Optional.of(a));
        if (!e.http() || e.format().equals("jsonl")) {
            assertEquals(range.stream().map(r -> (Object) FacadeClient.tree(UsageRecordResponse.from(r))).toList(),
                    exported.get("records"), e.toString());
            return;
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) exported.get("records");
        assertEquals(range.size(), rows.size(), e.toString());
        for (int i = 0; i < rows.size(); i++) {
            UsageRecord r = range.get(i);
            Map<String, Object> row = rows.get(i);
            assertEquals(List.of(r.requestId(), r.instance(), Long.toString(r.timestamp().toEpochMilli()),
                    Long.toString(r.tokens().input()), Long.toString(r.latencyMs()), Boolean.toString(r.failed()),
                    Integer.toString(r.statusCode())), List.of(row.get("request_id"), row.get("instance"),
                    row.get("timestamp"), row.get("input_tokens"), row.get("latency_ms"), row.get("failed"),
                    row.get("status_code")), "CSV row " + i + " of " + e);
        }
    }

    private static ApiAnswer ok(Optional<ApiAnswer> maybe) {
        ApiAnswer a = maybe.orElseThrow();
        assertEquals(200, a.status(), a.toString());
        return a;
    }

    private static void assertError(ApiAnswer a, int status, String error) {
        assertEquals(status, a.status(), a.toString());
        assertEquals(error, a.error(), a.toString());
    }

    /** A name that never reaches a file: 400 with the contract's text, or 404 when it is not even a route's path. */
    private static void assertRefused(ApiAnswer a, String error) {
        assertRefused(true, a, error);
    }

    private static void assertRefused(boolean mayBeNoRoute, ApiAnswer a, String error) {
        if (mayBeNoRoute && a.status() == 404) {
            return;
        }
        assertError(a, 400, error);
    }
}
