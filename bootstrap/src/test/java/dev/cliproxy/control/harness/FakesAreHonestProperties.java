package dev.cliproxy.control.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Keeps the testkit's fakes honest: the same random sequence of operations (every operation of the contract at
 * least once, in a random order, plus more) runs against the in-memory adapters and against the real ones (the
 * stand-in proxy, temp directories, loopback stubs), and every observable answer must be the same.
 */
class FakesAreHonestProperties {

    private long sequences;
    private long steps;
    private final long started = System.nanoTime();

    @Property(tries = 8)
    void inMemoryAndRealAdaptersAnswerAlike(@ForAll("sequences") List<Step> steps) {
        sequences++;
        this.steps += steps.size();
        try (InMemoryWorld fake = new InMemoryWorld(); RealWorld real = new RealWorld()) {
            Step.Sessions fakeSessions = new Step.Sessions();
            Step.Sessions realSessions = new Step.Sessions();
            List<String> done = new ArrayList<>();
            for (Step step : steps) {
                Optional<ApiAnswer> realAnswer = step.run(real, realSessions);
                Optional<ApiAnswer> fakeAnswer = step.run(fake, fakeSessions);
                done.add(step.toString());
                // The whole answers too: a failure's detail tells why a world failed (the comparison omits it).
                assertEquals(observe(realAnswer, real), observe(fakeAnswer, fake), () -> "in memory and real differ "
                        + "after " + done + "; real answered " + realAnswer + ", in memory " + fakeAnswer);
                assertEquals(real.liveProxies(), fake.liveProxies(), () -> "live proxies after " + done);
            }
        }
    }

    /** The figures the README reports, printed to the test's output. */
    @AfterProperty
    void report() {
        System.out.printf("differential: %d sequences, %d steps in each world, %d s%n", sequences, steps,
                java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** The differential test's first find: the in-memory proxy listed models without the proxy's own fields. */
    @Example
    void theInMemoryProxyListsModelsAsTheProxyDoes() {
        inMemoryAndRealAdaptersAnswerAlike(List.of(new Step.Models(true), new Step.Start(false),
                new Step.Models(true), new Step.Models(false)));
    }

    /**
     * A rejected token while the proxy runs with no management API (its config has no secret-key): the real proxy
     * answers every management route 404, so it cannot refresh the token and the account needs signing in again,
     * as in memory, where no management secret is known (it was a 502 "Proxy management API failed").
     */
    @Example
    void aRejectedTokenWithTheProxysManagementApiOffNeedsSigningInAgain() {
        inMemoryAndRealAdaptersAnswerAlike(List.of(new Step.Start(false),
                new Step.AddAccount(QuotaProvider.GHCP, "alice@example.com"),
                new Step.UpstreamAnswers(QuotaProvider.GHCP, QuotaAnswer.refused(401)),
                new Step.Quota("ghcp", "alice@example.com", true)));
    }

    /**
     * Every naming rule of token files: files under every name and type the rule knows (and some it refuses), then
     * every provider asked for every account id and stem, in both worlds.
     */
    @Property(tries = 10)
    void tokenFilesAreFoundAlike(@ForAll("tokenFileSets") List<Step> files) {
        List<Step> steps = new ArrayList<>(files);
        for (QuotaProvider provider : ControlWorld.QUOTA_PROVIDERS) {
            Stream.concat(Steps.ACCOUNTS.stream(), Steps.STEMS.stream())
                    .forEach(account -> steps.add(new Step.Quota(provider.id(), account, false)));
        }
        inMemoryAndRealAdaptersAnswerAlike(steps);
    }

    /**
     * The YAML rule at its edges: configs with duplicate keys (top-level and nested), anchors and aliases (reused,
     * recursive, many, a small bomb), deep nesting, collections as keys and documents that are no mapping, each
     * written then read back in both worlds. Both must accept and refuse alike, for the same reason at the same
     * column (lines differ only by the worlds' base configs, so they are left out).
     */
    @Property(tries = 10)
    void configDocumentsAreJudgedAlike(@ForAll("edgeConfigs") List<Step.WriteConfig> writes) {
        try (InMemoryWorld fake = new InMemoryWorld(); RealWorld real = new RealWorld()) {
            List<String> done = new ArrayList<>();
            for (Step.WriteConfig write : writes) {
                Step.Sessions none = new Step.Sessions();
                Optional<ApiAnswer> expected = write.run(real, none);
                Optional<ApiAnswer> actual = write.run(fake, none);
                done.add(write.toString());
                assertEquals(observe(expected, real) + reason(expected), observe(actual, fake) + reason(actual),
                        () -> "in memory and real judge differently after " + done);
                Step read = new Step.ReadConfig(false);
                assertEquals(observe(read.run(real, none), real), observe(read.run(fake, none), fake),
                        () -> "the config read back differs after " + done);
            }
        }
    }

    /** The refusal's detail without its line number. */
    private static String reason(Optional<ApiAnswer> answer) {
        return answer.map(a -> String.valueOf(a.get("message")).replaceAll("line \\d+", "line L")).orElse("");
    }

    @Provide
    Arbitrary<List<Step.WriteConfig>> edgeConfigs() {
        Arbitrary<String> appended = Arbitraries.oneOf(
                Arbitraries.of("port: 1\n", "host: other\n", "debug: true\ndebug: false\n",
                        "remote-management:\n  allow-remote: false\n  allow-remote: true\n"),
                Arbitraries.of("base: &b {debug: true}\ncopy: *b\n", "a: &x [&x [1, 1], *x]\nb: *x\n",
                        "r: &r [*r]\n", "m: &m {k: *m}\n", "u: *undefined\n", "? [a, b]\n: c\n",
                        "k: &k [1]\n? *k\n: v\n"),
                Arbitraries.integers().between(1, 60).map(FakesAreHonestProperties::aliases),
                Arbitraries.integers().between(1, 80).map(FakesAreHonestProperties::nested),
                Arbitraries.integers().between(2, 9).map(FakesAreHonestProperties::bomb));
        Arbitrary<Step.WriteConfig> onBase = Combinators.combine(appended, Arbitraries.of(true, false))
                .as((extra, http) -> new Step.WriteConfig(extra, true, Step.Precondition.NONE, http));
        Arbitrary<Step.WriteConfig> alone = Combinators.combine(
                        Arbitraries.of("- a list\n", "just a scalar", "", "port: [8317\n",
                                "!!python/object:os.system x\n"),
                        Arbitraries.of(true, false))
                .as((document, http) -> new Step.WriteConfig(document, false, Step.Precondition.NONE, http));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, onBase), net.jqwik.api.Tuple.of(1, alone))
                .list().ofMinSize(1).ofMaxSize(6);
    }

    /** {@code count} aliases of one small mapping: past the alias limit when {@code count} is over 50. */
    private static String aliases(int count) {
        StringBuilder yaml = new StringBuilder("shared: &s {a: 1}\nlist:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - *s\n");
        }
        return yaml.toString();
    }

    /** Mappings nested {@code depth} deep: past the nesting limit when {@code depth} is over 64. */
    private static String nested(int depth) {
        return "n: " + "{n: ".repeat(depth) + "1" + "}".repeat(depth) + "\n";
    }

    /** A small alias bomb: each level lists the previous one ten times. */
    private static String bomb(int levels) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < levels; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    @Provide
    Arbitrary<List<Step>> tokenFileSets() {
        return Arbitraries.oneOf(Steps.tokenFiles().stream().map(kind -> kind.map(step -> (Step) step)).toList())
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        List<Arbitrary<Step>> everyKind = Stream.concat(Steps.kinds().stream(), Steps.tokenFiles().stream())
                .map(kind -> kind.map(step -> (Step) step)).toList();
        Arbitrary<List<Step>> oneOfEach = Combinators.combine(everyKind).as(ArrayList::new);
        Arbitrary<List<Step>> more = Arbitraries.oneOf(everyKind).list().ofMaxSize(10);
        return Combinators.combine(oneOfEach, more).as((all, extra) -> {
            List<Step> steps = new ArrayList<>(all);
            steps.addAll(extra);
            return steps;
        }).flatMap(Arbitraries::shuffle);
    }

    /** What a user of the API can see in an answer, without what differs by nature (PIDs, paths, times, ports). */
    @SuppressWarnings("unchecked")
    static String observe(Optional<ApiAnswer> maybe, ControlWorld world) {
        if (maybe.isEmpty()) {
            return "-";
        }
        ApiAnswer a = maybe.get();
        Map<String, Object> seen = new TreeMap<>();
        seen.put("status", a.status());
        if (a.status() >= 400) {
            seen.put("error", a.error());
            return seen.toString();
        }
        a.json().forEach((field, value) -> {
            switch (field) {
                case "pid", "port", "startedAt", "fetchedAt", "directory", "path", "message", "modifiedAt" -> { }
                case "error" -> seen.put(field, "<reason>");
                case "answers" -> seen.put(field, ((List<ApiAnswer>) value).stream()
                        .map(answer -> observe(Optional.of(answer), world)).sorted().toList());
                case "files" -> seen.put(field, ((List<Map<String, Object>>) value).stream().map(file -> {
                    Map<String, Object> kept = new TreeMap<>(file);
                    kept.remove("mtime");
                    kept.remove("modified");
                    kept.remove("absolutePath");
                    return kept.toString();
                }).sorted().toList());
                default -> seen.put(field, value);
            }
        });
        if (a.json().isEmpty()) {
            seen.put("content", a.text().replace(world.baseConfig(), "<base config>"));
        }
        return seen.toString();
    }
}
