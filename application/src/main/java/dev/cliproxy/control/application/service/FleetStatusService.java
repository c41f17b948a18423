package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetFleetStatusUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.FleetFailure;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import dev.cliproxy.control.domain.model.FleetInstanceStatus.Outcome;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Asks every instance for its status through that instance's own status use case (local: its session record and
 * process; remote: its management API), each on its own virtual thread, all started together and each given the
 * fleet's status timeout: the answer comes within that timeout of the start whatever the slowest instance does. An
 * instance that has not answered by then is reported as timed out and its call is cancelled.
 */
public final class FleetStatusService implements GetFleetStatusUseCase {

    private static final System.Logger LOG = System.getLogger(FleetStatusService.class.getName());

    private final ListFleetInstancesUseCase instances;
    private final Function<FleetInstance, GetProxyStatusUseCase> statusOf;
    private final ControlSettingsPort controlSettings;

    /**
     * @param statusOf the status use case of an instance of {@code instances}
     * @param controlSettings where the fleet's status timeout is set ({@code fleet.statusTimeout})
     */
    public FleetStatusService(ListFleetInstancesUseCase instances,
                              Function<FleetInstance, GetProxyStatusUseCase> statusOf,
                              ControlSettingsPort controlSettings) {
        this.instances = instances;
        this.statusOf = statusOf;
        this.controlSettings = controlSettings;
    }

    @Override
    public List<FleetInstanceStatus> status() {
        Duration deadline = FleetRegistryService.fleetSettings(controlSettings).statusTimeout();
        List<FleetInstance> all = instances.list();
        // Not closed with try-with-resources: close() would wait for the calls still running past the deadline.
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long start = System.nanoTime();
            List<Future<FleetInstanceStatus>> calls = new ArrayList<>(all.size());
            for (FleetInstance instance : all) {
                calls.add(threads.submit(() -> ask(instance)));
            }
            List<FleetInstanceStatus> statuses = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                long left = start + deadline.toNanos() - System.nanoTime();
                statuses.add(outcome(all.get(i), calls.get(i), Math.max(0, left), deadline));
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    private FleetInstanceStatus ask(FleetInstance instance) {
        long began = System.nanoTime();
        Outcome outcome;
        try {
            outcome = new Outcome.Answered(statusOf.apply(instance).status());
        } catch (RuntimeException e) {
            outcome = new Outcome.Failed(failure(instance, e));
        }
        return new FleetInstanceStatus(instance, outcome, Duration.ofNanos(System.nanoTime() - began));
    }

    private static FleetInstanceStatus outcome(FleetInstance instance, Future<FleetInstanceStatus> call,
                                               long waitNanos, Duration deadline) {
        try {
            return call.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new FleetInstanceStatus(instance, new Outcome.TimedOut(deadline), deadline);
        } catch (ExecutionException e) {
            return new FleetInstanceStatus(instance, new Outcome.Failed(failure(instance, e.getCause())), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FleetInstanceStatus(instance, new Outcome.Failed(new FleetFailure("Interrupted",
                    Optional.of(ErrorCode.INTERRUPTED.id()), Optional.empty())), deadline);
        }
    }

    /** A failure the status use case reports as such, or a fault of ours, whose details go to the log only. */
    private static FleetFailure failure(FleetInstance instance, Throwable cause) {
        if (cause instanceof ControlException reported) {
            return FleetFailure.of(reported);
        }
        LOG.log(System.Logger.Level.ERROR, "status of fleet instance " + instance.id() + " failed", cause);
        return new FleetFailure("Internal server error", Optional.of("internal_error"),
                Optional.of("See the server log"));
    }
}
