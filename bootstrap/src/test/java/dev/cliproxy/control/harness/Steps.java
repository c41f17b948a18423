package dev.cliproxy.control.harness;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.arbitrary.ControlArbitraries;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The steps of the harness, by kind. Names come from small pools (so that writes, reads and deletes meet) plus the
 * testkit's hostile names and the links that lead out of the CCS directory.
 */
final class Steps {

    static final List<String> LOG_NAMES = List.of("error-2026-01-01T00-00-00-000Z.log", "error-v7 é.log",
            "error-x.log");
    static final List<String> ACCOUNTS = List.of("alice@example.com", "bob");
    /** Account ids that are a token file's stem rather than an email ({@link #tokenFiles}). */
    static final List<String> STEMS = List.of("acct-1", "codex-alice_example_com");
    static final List<String> AUTH_NAMES = List.of("a.json", "notes.txt",
            QuotaProvider.CODEX.tokenFiles().fileName("alice@example.com"));
    /**
     * Token files imported: of known and unknown types, with and without an email. Their emails and names are none
     * the quota steps ask for ({@link #ACCOUNTS}, {@link #STEMS}): the model tells a quota account by the CLI's own
     * login file only.
     */
    static final List<String> IMPORTS = List.of(tokenFile("codex", "carol@example.com"),
            tokenFile("claude", "dave@example.com"), tokenFile("codex", "dave@example.com"),
            tokenFile("Anthropic", "erin@example.com"), "{\"type\":\"codex\"}",
            "{\"type\":\"qwen\",\"email\":\"carol@example.com\"}", "{\"email\":\"carol@example.com\"}", "not json",
            "[]");
    /** Names an import is given: plain ones, a name the CLI's files have, the link out of the directory. */
    static final List<String> IMPORT_NAMES = List.of("carol.json", "a.json", ControlWorld.LINKED_AUTH, "notes.txt");
    /** Account ids as delete and restore take them: the stems of the files above, and some that are no stem. */
    static final List<String> ACCOUNT_STEMS = List.of("codex-alice@example.com", "claude-bob", "codex-carol@example.com",
            "claude-dave@example.com", "codex-dave@example.com", "claude-erin@example.com", "carol", "a", "outside");

    private Steps() {
    }

    private static Arbitrary<Boolean> channel() {
        return Arbitraries.of(false, true);
    }

    /** One arbitrary per kind of step both worlds can run, so a sequence can hold every operation. */
    static List<Arbitrary<? extends Step>> kinds() {
        List<Arbitrary<? extends Step>> kinds = new ArrayList<>();
        kinds.add(channel().map(Step.Status::new));
        kinds.add(channel().map(Step.Start::new));
        kinds.add(channel().map(Step.Stop::new));
        kinds.add(Arbitraries.just(new Step.Crash()));
        kinds.add(Arbitraries.integers().between(2, 4).map(Step.ConcurrentStarts::new));
        kinds.add(Arbitraries.just(new Step.RestartControl()));
        kinds.add(Arbitraries.just(new Step.OpenSession()));
        kinds.add(Arbitraries.just(new Step.CloseSession()));
        kinds.add(channel().map(Step.ReadConfig::new));
        kinds.add(channel().map(Step.ReadConfigBackup::new));
        kinds.add(writeConfig());
        kinds.add(Combinators.combine(ControlArbitraries.errorLogFiles(), Arbitraries.of(LOG_NAMES))
                .as((log, name) -> new Step.PutLog(new ErrorLogFile(name, log.format(), log.content(),
                        log.statusCode(), log.model()))));
        kinds.add(Arbitraries.of(LOG_NAMES).map(Step.DeleteLog::new));
        kinds.add(channel().map(Step.ListLogs::new));
        kinds.add(Combinators.combine(logNamesToRead(), channel()).as(Step.ReadLog::new));
        kinds.add(Combinators.combine(Arbitraries.of(AUTH_NAMES), Arbitraries.strings().ofMaxLength(40))
                .as(Step.PutAuthFile::new));
        kinds.add(Arbitraries.of(AUTH_NAMES).map(Step.DeleteAuthFile::new));
        kinds.add(channel().map(Step.ListAuthFiles::new));
        kinds.add(Combinators.combine(authNamesToRead(), channel()).as(Step.DownloadAuthFile::new));
        kinds.add(Combinators.combine(Arbitraries.of(ControlWorld.QUOTA_PROVIDERS), Arbitraries.of(ACCOUNTS))
                .as(Step.AddAccount::new));
        kinds.add(Arbitraries.of(ControlWorld.QUOTA_PROVIDERS).flatMap(p -> ControlArbitraries.quotaAnswers(p)
                .map(answer -> new Step.UpstreamAnswers(p, answer))));
        kinds.add(Combinators.combine(Arbitraries.of("codex", "claude", "ghcp", "iflow", "nosuch"),
                Arbitraries.oneOf(Arbitraries.of(ACCOUNTS), Arbitraries.of(STEMS),
                        Arbitraries.of("../alice", "a/b", "")), channel()).as(Step.Quota::new));
        kinds.add(Combinators.combine(Arbitraries.of(true, true, false),
                        ControlArbitraries.releases().list().ofMaxSize(3))
                .as(Step.Feed::new));
        kinds.add(Combinators.combine(Arbitraries.of(IMPORTS), importNames(), Arbitraries.of(false, false, true),
                channel()).as(Step.ImportAccount::new));
        kinds.add(Combinators.combine(accountProviders(), accountIds(), channel()).as(Step.DeleteAccount::new));
        kinds.add(Combinators.combine(accountProviders(), accountIds(), channel()).as(Step.RestoreAccount::new));
        // A month ends the time a removed file is kept.
        kinds.add(Arbitraries.of(Duration.ofMinutes(30), Duration.ofMinutes(90), Duration.ofDays(31))
                .map(Step.AdvanceClock::new));
        kinds.add(channel().map(Step.UpdateCheck::new));
        kinds.add(channel().map(Step.Models::new));
        kinds.addAll(usage());
        return kinds;
    }

    /** Instants of usage records and ranges, as offsets from {@link Step#USAGE_START}: three days and around them. */
    private static final long HOUR = 3_600_000L;
    private static final long SPAN = 72 * HOUR;

    /**
     * The usage steps: requests served (ids from a small pool, on two instances, so keys meet; instants on and
     * around hour and day boundaries), and reports, pages and exports of ranges that start and end anywhere, some
     * refused (an empty range, an unknown or repeated grouping, a page size out of bounds, an unknown format).
     */
    static List<Arbitrary<? extends Step>> usage() {
        Arbitrary<String> groupings = Arbitraries.of("day", "hour", "provider", "model", "account", "apiKey",
                "instance");
        Arbitrary<List<String>> groupBy = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, groupings.list().uniqueElements().ofMaxSize(3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(List.of("week"), List.of("day", "day"),
                        List.of("day", "model", "account", "instance"), List.of("Model"))));
        Arbitrary<Integer> limits = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10,
                        Arbitraries.of(1, 2, 3, 7, 1000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 1001)));
        return List.of(
                usageRecord().list().ofMinSize(1).ofMaxSize(12).map(Step.ServeRequests::new),
                Combinators.combine(ranges(), groupBy, channel()).as((range, by, http) ->
                        new Step.QueryUsage(range.get1(), range.get2(), by, http)),
                Combinators.combine(ranges(), limits, channel()).as((range, limit, http) ->
                        new Step.PageUsage(range.get1(), range.get2(), limit, http)),
                // The facade takes no format: an unknown one is for HTTP only.
                Combinators.combine(ranges(), channel()).flatAs((range, http) -> (http
                                ? Arbitraries.of("csv", "csv", "jsonl", "jsonl", "xml") : Arbitraries.of("jsonl"))
                        .map(format -> new Step.ExportUsage(range.get1(), range.get2(), format, http))));
    }

    /** An instant as epoch milliseconds: anywhere in the span, often on or beside an hour's or a day's start. */
    private static Arbitrary<Long> instants() {
        Arbitrary<Long> anywhere = Arbitraries.longs().between(-2 * HOUR, SPAN + 2 * HOUR);
        Arbitrary<Long> boundaries = Combinators.combine(Arbitraries.integers().between(-1, 74),
                Arbitraries.of(-1L, 0L, 1L)).as((hour, shift) -> hour * HOUR + shift);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, anywhere), net.jqwik.api.Tuple.of(2, boundaries))
                .map(offset -> Step.USAGE_START.toEpochMilli() + offset);
    }

    /** From and to: mostly in order, now and then empty or reversed (refused), now and then the whole span. */
    private static Arbitrary<net.jqwik.api.Tuple.Tuple2<Long, Long>> ranges() {
        Arbitrary<net.jqwik.api.Tuple.Tuple2<Long, Long>> any = Combinators.combine(instants(), instants())
                .as((a, b) -> net.jqwik.api.Tuple.of(Math.min(a, b), Math.max(a, b) + 1));
        long start = Step.USAGE_START.toEpochMilli();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, any),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(net.jqwik.api.Tuple.of(start - 2 * HOUR,
                        start + SPAN + 2 * HOUR))),
                net.jqwik.api.Tuple.of(1, instants().map(at -> net.jqwik.api.Tuple.of(at, at))),
                net.jqwik.api.Tuple.of(1, any.map(range -> net.jqwik.api.Tuple.of(range.get2(), range.get1()))));
    }

    private static Arbitrary<UsageRecord> usageRecord() {
        Arbitrary<String> ids = Arbitraries.of("a1f0c2d3", "a1f0c2d4", "b7e9", "c3");
        Arbitrary<String> instances = Arbitraries.of(UsageRecord.LOCAL, UsageRecord.LOCAL, "home-server");
        Arbitrary<Integer> models = Arbitraries.integers().between(0, 2);
        Arbitrary<String> accounts = Arbitraries.of("alice@example.com", "bob@example.com");
        Arbitrary<ApiKeyIdentity> keys = Arbitraries.of(new ApiKeyIdentity("3fa2b1c9d0e4", "ccs"),
                new ApiKeyIdentity("99aa00bb11cc", "api-keys[0]"), ApiKeyIdentity.NONE);
        Arbitrary<Long> latencies = Arbitraries.oneOf(Arbitraries.of(0L, 7L, 8L, 150L, 2000L, 70_000L),
                Arbitraries.longs().between(0, 200_000));
        Arbitrary<UsageTokens> tokens = Combinators.combine(Arbitraries.longs().between(0, 5000),
                Arbitraries.longs().between(0, 2000), Arbitraries.longs().between(0, 100),
                Arbitraries.longs().between(0, 1000)).as((i, o, r, c) -> new UsageTokens(i, o, r, c, i + o));
        return Combinators.combine(ids, instances, instants(), models, accounts, keys, latencies,
                Combinators.combine(tokens, Arbitraries.of(false, false, true)).as(List::<Object>of))
                .as((id, instance, at, model, account, key, latency, rest) -> {
                    boolean failed = (Boolean) rest.get(1);
                    return new UsageRecord(id, instance, java.time.Instant.ofEpochMilli(at),
                            List.of("gemini", "codex", "claude").get(model),
                            List.of("gemini-2.5-pro", "gpt-5", "claude-sonnet-4").get(model), "",
                            "POST /v1/chat/completions", "oauth", account, "idx" + model, key, latency, latency / 4,
                            (UsageTokens) rest.get(0), failed, failed ? 429 : 200);
                });
    }

    /**
     * Token files under every name and {@code type} the naming rule knows ({@link TokenFileNaming}: the email as the
     * stem, each prefix with the email as is and with {@code @} and {@code .} as {@code _}, other stems; each type, a
     * type in capitals, no type, another provider's type), so that the in-memory store finds exactly the accounts the
     * real one does.
     * Not for the model of {@code ControlApiProperties}, which knows the names the CLI's login gives only.
     */
    static List<Arbitrary<? extends Step>> tokenFiles() {
        return List.of(Arbitraries.of(ControlWorld.QUOTA_PROVIDERS).flatMap(provider -> Arbitraries.of(ACCOUNTS)
                .flatMap(email -> Combinators.combine(Arbitraries.of(tokenFileNames(provider, email)),
                        Arbitraries.of(tokenFileTypes(provider))).as((name, type) ->
                        new Step.PutTokenFile(name, type, email)))));
    }

    private static List<String> tokenFileNames(QuotaProvider provider, String email) {
        List<String> names = new ArrayList<>(provider.tokenFiles().candidateNames(email));
        STEMS.forEach(stem -> names.add(stem + ".json"));
        return names;
    }

    private static List<Optional<String>> tokenFileTypes(QuotaProvider provider) {
        List<Optional<String>> types = new ArrayList<>();
        provider.tokenFiles().types().forEach(type -> types.add(Optional.of(type)));
        types.add(Optional.of(provider.tokenFiles().type().toUpperCase(Locale.ROOT)));
        types.add(Optional.empty());
        QuotaProvider other = provider == QuotaProvider.CODEX ? QuotaProvider.CLAUDE : QuotaProvider.CODEX;
        types.add(Optional.of(other.tokenFiles().type()));
        return types;
    }

    /** The faults only the in-memory world can inject. */
    static List<Arbitrary<? extends Step>> inMemoryFaults() {
        return List.of(Arbitraries.of(InMemoryProxyHost.LaunchBehaviour.EXITS_AT_ONCE,
                        InMemoryProxyHost.LaunchBehaviour.NEVER_HEALTHY, InMemoryProxyHost.LaunchBehaviour.NOT_LAUNCHED)
                        .map(Step.NextLaunchFails::new),
                Arbitraries.just(new Step.NextConfigWriteFails()));
    }

    private static Arbitrary<Step.WriteConfig> writeConfig() {
        Arbitrary<Step.WriteConfig> valid = Combinators.combine(
                Arbitraries.of("debug: true\n", "debug: false\n", "# edited\n", "request-retry: 3\n"),
                Arbitraries.of(Step.Precondition.class), channel())
                .as((extra, precondition, http) -> new Step.WriteConfig(extra, true, precondition, http));
        Arbitrary<Step.WriteConfig> invalid = Combinators.combine(ControlArbitraries.invalidConfigDocuments(),
                        Arbitraries.of(Step.Precondition.class), channel())
                .as((yaml, precondition, http) -> new Step.WriteConfig(yaml.content(), false, precondition, http));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(1, invalid));
    }

    private static Arbitrary<Optional<String>> importNames() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(Optional.<String>empty())),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(IMPORT_NAMES).map(Optional::of)),
                net.jqwik.api.Tuple.of(1, ControlArbitraries.hostileFileNames().map(Optional::of)));
    }

    private static Arbitrary<String> accountProviders() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.of("codex", "claude", "unknown")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("nosuch", "Codex")));
    }

    private static Arbitrary<String> accountIds() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of(ACCOUNT_STEMS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("../a", "a/b", "a..b")));
    }

    /** The JSON of a token file as a login writes it, with a token. */
    private static String tokenFile(String type, String email) {
        return "{\"type\":\"" + type + "\",\"email\":\"" + email + "\",\"access_token\":\"tok-" + email + "\"}";
    }

    private static Arbitrary<String> logNamesToRead() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(LOG_NAMES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ControlWorld.LINKED_LOG)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("main.log", "error-.log.bak", "error-x.log/")),
                net.jqwik.api.Tuple.of(2, ControlArbitraries.hostileFileNames()));
    }

    private static Arbitrary<String> authNamesToRead() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(AUTH_NAMES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ControlWorld.LINKED_AUTH)),
                net.jqwik.api.Tuple.of(2, ControlArbitraries.hostileFileNames()));
    }
}
