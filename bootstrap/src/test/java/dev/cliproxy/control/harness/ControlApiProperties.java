package dev.cliproxy.control.harness;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * The model-based test of the whole API: random chains of every operation of the contract, through the facade and
 * over HTTP, each answer checked against {@link ApiModel} and the invariants checked after every step. Once over
 * the testkit's in-memory adapters (many tries, with faults only they can inject), once over the real adapters
 * (the stand-in proxy, temp directories, loopback stubs; fewer tries, shorter chains).
 */
class ControlApiProperties {

    private final List<ControlWorld> worlds = new ArrayList<>();
    private long chains;
    private long actions;
    private final long started = System.nanoTime();

    @Property(tries = 300)
    void inMemoryApiFollowsTheModel(@ForAll("inMemoryChains") ActionChain<Harness> chain) {
        run(chain);
    }

    @Property(tries = 15)
    void realApiFollowsTheModel(@ForAll("realChains") ActionChain<Harness> chain) {
        run(chain);
    }

    private void run(ActionChain<Harness> chain) {
        chain.withInvariant("model", Harness::invariants).run();
        chains++;
        actions += chain.transformations().size();
    }

    /** The figures the README reports (tries, actions, time), printed to the test's output. */
    @AfterProperty
    void report() {
        if (chains == 0) {
            return;
        }
        System.out.printf("harness: %d chains, %d actions, %d s%n", chains, actions,
                java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** The harness's first counterexample (a model that said a start while running is not "started"). */
    @Example
    void aStartWhileASessionRunsAnswersStartedAndAlreadyRunning() {
        replay(new InMemoryWorld(), new Step.OpenSession(), new Step.Start(true), new Step.Start(false));
    }

    /** Its second: an encoded "/" in an account id is no route (404), still a JSON error. */
    @Example
    void aHostileAccountIdIsRefusedAsJson() {
        replay(new InMemoryWorld(), new Step.Quota("nosuch", "../alice", true), new Step.Quota("codex", "a/b", true),
                new Step.Quota("codex", "../alice", false));
    }

    /** Imports, removals and restores, in both worlds: names taken, the link out replaced, the newest restored. */
    @Example
    void accountsAreImportedRemovedAndRestoredAsTheModelSays() {
        String carol = Steps.IMPORTS.getFirst();
        Step[] steps = {
            new Step.ImportAccount(carol, Optional.empty(), false, true),
            new Step.ImportAccount(carol, Optional.empty(), false, false),
            new Step.ImportAccount("{\"type\":\"codex\"}", Optional.of(ControlWorld.LINKED_AUTH), false, true),
            new Step.ImportAccount("{\"type\":\"codex\"}", Optional.of(ControlWorld.LINKED_AUTH), true, false),
            new Step.DeleteAccount("codex", "codex-carol@example.com", true),
            new Step.DeleteAccount("codex", "codex-carol@example.com", false),
            new Step.ImportAccount(carol, Optional.empty(), false, false),
            new Step.DeleteAccount("codex", "codex-carol@example.com", false),
            new Step.RestoreAccount("codex", "codex-carol@example.com", true),
            new Step.RestoreAccount("codex", "codex-carol@example.com", false),
            new Step.AddAccount(QuotaProvider.CODEX, "alice@example.com"),
            new Step.DeleteAccount("codex", "codex-alice@example.com", true),
            new Step.Quota("codex", "alice@example.com", true),
            new Step.RestoreAccount("codex", "codex-alice@example.com", false),
            new Step.Quota("codex", "alice@example.com", false),
            new Step.DeleteAccount("codex", "codex-alice@example.com", false),
            new Step.AdvanceClock(Duration.ofDays(31)),
            new Step.RestoreAccount("codex", "codex-alice@example.com", true),
            new Step.PutAuthFile("a.json", "x"),
            new Step.DeleteAccount("unknown", "a", true),
            new Step.RestoreAccount("unknown", "a", false),
            new Step.DeleteAccount("Codex", "a", true),
            new Step.RestoreAccount("codex", "../a", true)};
        replay(new InMemoryWorld(), steps);
        replay(new RealWorld(), steps);
    }

    /**
     * The usage history in both worlds (the testkit's store and the real SQLite one, written by another adapter as a
     * second server would): the same request read again counted once, the same id on another instance or at
     * another instant counted apart, ranges over whole days, whole hours and their parts, pages of one, exports,
     * refusals; the same answers after the control server restarts.
     */
    @Example
    void usageIsReportedPagedAndExportedAsTheModelSays() {
        long start = Step.USAGE_START.toEpochMilli();
        long hour = 3_600_000L;
        UsageRecord first = usage("a1f0c2d3", UsageRecord.LOCAL, start + hour - 1, 150);
        Step serve = new Step.ServeRequests(List.of(first, usage("a1f0c2d3", "home-server", start + hour - 1, 70_000),
                usage("a1f0c2d3", UsageRecord.LOCAL, start + 30 * hour + 5, 8), first,
                usage("b7e9", UsageRecord.LOCAL, start + 49 * hour, 2000)));
        Step again = new Step.ServeRequests(List.of(first, usage("c3", "home-server", start + 71 * hour + 1, 0)));
        long from = start + 1234;
        long to = start + 60 * hour + 987;
        Step[] steps = {
            new Step.QueryUsage(start, start + 72 * hour, List.of(), false),
            serve, again,
            new Step.QueryUsage(from, to, List.of("instance", "day"), false),
            new Step.QueryUsage(from, to, List.of("hour", "apiKey"), true),
            new Step.QueryUsage(start, start + 72 * hour, List.of("model", "account", "instance"), true),
            new Step.QueryUsage(start + hour - 1, start + hour, List.of("provider"), false),
            new Step.QueryUsage(to, from, List.of(), true),
            new Step.QueryUsage(from, to, List.of("week"), true),
            new Step.QueryUsage(from, to, List.of("day", "day"), false),
            new Step.PageUsage(start - hour, start + 73 * hour, 1, true),
            new Step.PageUsage(start - hour, start + 73 * hour, 2, false),
            new Step.PageUsage(from, to, 0, true),
            new Step.ExportUsage(start, start + 72 * hour, "csv", true),
            new Step.ExportUsage(start, start + 72 * hour, "jsonl", true),
            new Step.ExportUsage(from, to, "jsonl", false),
            new Step.ExportUsage(from, to, "xml", true),
            new Step.RestartControl(),
            new Step.QueryUsage(from, to, List.of("instance", "day"), true),
            new Step.PageUsage(from, to, 1000, false)};
        replay(new InMemoryWorld(), steps);
        replay(new RealWorld(), steps);
    }

    private static UsageRecord usage(String id, String instance, long at, long latency) {
        return new UsageRecord(id, instance, java.time.Instant.ofEpochMilli(at), "codex", "gpt-5", "",
                "POST /v1/chat/completions", "oauth", "alice@example.com", "idx1",
                new ApiKeyIdentity("3fa2b1c9d0e4", "ccs"), latency, latency / 4, new UsageTokens(100, 20, 1, 3, 120),
                latency > 60_000, latency > 60_000 ? 429 : 200);
    }

    /** Runs the steps in order, each checked against the model and followed by the invariants. */
    static void replay(ControlWorld world, Step... steps) {
        try (world) {
            Harness harness = new Harness(world);
            for (Step step : steps) {
                harness.apply(step).invariants();
            }
        }
    }

    @Provide
    Arbitrary<ActionChain<Harness>> inMemoryChains() {
        List<Arbitrary<? extends Step>> kinds = new ArrayList<>(Steps.kinds());
        kinds.addAll(Steps.inMemoryFaults());
        return chains(() -> track(new InMemoryWorld()), kinds).withMaxTransformations(30);
    }

    @Provide
    Arbitrary<ActionChain<Harness>> realChains() {
        return chains(() -> track(new RealWorld()), Steps.kinds()).withMaxTransformations(12);
    }

    @AfterTry
    void closeWorlds() {
        worlds.forEach(ControlWorld::close);
        worlds.clear();
    }

    private Harness track(ControlWorld world) {
        worlds.add(world);
        return new Harness(world);
    }

    private static ActionChainArbitrary<Harness> chains(Supplier<Harness> start, List<Arbitrary<? extends Step>> kinds) {
        ActionChainArbitrary<Harness> chains = ActionChain.startWith(start);
        for (Arbitrary<? extends Step> kind : kinds) {
            chains = chains.withAction(action(kind));
        }
        return chains;
    }

    /** An action whose description is the step's, so a shrunk counterexample reads as a list of operations. */
    static Action.Independent<Harness> action(Arbitrary<? extends Step> steps) {
        return () -> steps.map(step -> Transformer.mutate(step.toString(), (Harness h) -> h.apply(step)));
    }
}
