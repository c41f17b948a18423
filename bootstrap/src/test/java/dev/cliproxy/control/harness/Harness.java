package dev.cliproxy.control.harness;

import java.util.Optional;

/** One world, the sessions opened in it, and the model it is checked against. */
final class Harness {

    final ControlWorld world;
    final ApiModel model;
    final Step.Sessions sessions = new Step.Sessions();

    Harness(ControlWorld world) {
        this.world = world;
        this.model = new ApiModel(world);
    }

    Harness apply(Step step) {
        Optional<ApiAnswer> answer = step.run(world, sessions);
        model.expect(step, answer, world);
        return this;
    }

    void invariants() {
        model.invariants(world);
    }

    @Override
    public String toString() {
        return world.getClass().getSimpleName() + (model.running() ? " (proxy running)" : "");
    }
}
