package dev.cliproxy.control.harness;

import dev.cliproxy.control.domain.model.QuotaProvider;
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
