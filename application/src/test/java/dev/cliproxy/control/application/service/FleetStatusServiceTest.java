package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.FleetFailure;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import dev.cliproxy.control.domain.model.FleetInstanceStatus.Outcome;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryRemoteProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every instance's status at once: each within the deadline, a slow or failing one holding up nobody. */
class FleetStatusServiceTest {

    private final InMemoryControlSettings settings = new InMemoryControlSettings(
            ControlSettings.fromTree(Map.of("fleet", Map.of("statusTimeout", "300ms"))));
    private final List<FleetInstance> instances = new ArrayList<>();
    private final Map<String, GetProxyStatusUseCase> statuses = new ConcurrentHashMap<>();

    private FleetStatusService service() {
        ListFleetInstancesUseCase list = new ListFleetInstancesUseCase() {
            @Override
            public List<FleetInstance> list() {
                return List.copyOf(instances);
            }

            @Override
            public FleetInstance find(String id) {
                throw new AssertionError("not asked");
            }
        };
        Function<FleetInstance, GetProxyStatusUseCase> statusOf = instance -> statuses.get(instance.id());
        return new FleetStatusService(list, statusOf, settings);
    }

    private void instance(FleetInstance instance, GetProxyStatusUseCase status) {
        instances.add(instance);
        statuses.put(instance.id(), status);
    }

    private static FleetInstance.Remote remote(String id) {
        return new FleetInstance.Remote(id, id, new RemoteProxy(URI.create("https://" + id + ":443"), Optional.empty(),
                Optional.of("k")));
    }

    @Test
    void everyInstanceIsAskedAtOnceAndAnsweredWithinItsDeadlineInTheListsOrder() throws Exception {
        CountDownLatch allAsked = new CountDownLatch(3);
        GetProxyStatusUseCase waitsForTheOthers = () -> {
            allAsked.countDown();
            try {
                // Only calls made at the same time all get past this.
                assertTrue(allAsked.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new ProxyStatus.NotRunning();
        };
        instance(new FleetInstance.Local(8317), waitsForTheOthers);
        instance(new FleetInstance.Local(9000), waitsForTheOthers);
        instance(remote("home"), waitsForTheOthers);
        settings.put(ControlSettings.fromTree(Map.of("fleet", Map.of("statusTimeout", "10s"))));

        List<FleetInstanceStatus> result = service().status();

        assertEquals(List.of("local-8317", "local-9000", "home"), result.stream().map(s -> s.instance().id()).toList());
        result.forEach(status -> assertEquals(new Outcome.Answered(new ProxyStatus.NotRunning()), status.outcome()));
    }

    @Test
    void aSlowInstanceIsTimedOutAtTheDeadlineAndItsCallCancelledWhileTheOthersAnswer() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ProxyStatus running = new ProxyStatus.Running(8317, OptionalLong.of(5), 2, Optional.empty());
        instance(new FleetInstance.Local(8317), () -> running);
        instance(remote("dead"), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return new ProxyStatus.NotRunning();
        });
        InMemoryRemoteProxy hanging = new InMemoryRemoteProxy(remote("slow").target()).hang();
        instance(remote("slow"), new RemoteProxyStatusService(hanging, Duration.ofSeconds(30)));

        long start = System.nanoTime();
        List<FleetInstanceStatus> result = service().status();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "it waited for the deadline: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "and no longer: " + took);
        assertEquals(new Outcome.Answered(running), result.get(0).outcome());
        assertTrue(result.get(0).elapsed().compareTo(Duration.ofMillis(300)) < 0);
        for (FleetInstanceStatus late : result.subList(1, 3)) {
            assertEquals(new Outcome.TimedOut(Duration.ofMillis(300)), late.outcome());
            assertEquals(Duration.ofMillis(300), late.elapsed());
        }
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the slow call was cancelled");
        hanging.release();
    }

    @Test
    void aFailureIsReportedAsItsErrorAndAFaultOfOursWithoutItsDetails() {
        instance(new FleetInstance.Local(8317), () -> {
            throw new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "no route");
        });
        instance(new FleetInstance.Local(9000), () -> {
            throw new IllegalStateException("secret internals");
        });
        instance(remote("ok"), () -> new ProxyStatus.Remote(URI.create("https://ok:443"), RemoteState.READY,
                Optional.of("6.9.6"), Optional.empty()));

        List<FleetInstanceStatus> result = service().status();

        assertEquals(new Outcome.Failed(new FleetFailure("Remote proxy unreachable", Optional.of("remote_unreachable"),
                Optional.of("no route"))), result.get(0).outcome());
        Outcome.Failed fault = assertInstanceOf(Outcome.Failed.class, result.get(1).outcome());
        assertEquals(Optional.of("internal_error"), fault.failure().code());
        assertTrue(fault.failure().message().orElseThrow().contains("server log"));
        assertInstanceOf(Outcome.Answered.class, result.get(2).outcome());
    }

    @Test
    void anErrorOfTheJvmIsAFaultAndAnInterruptedCallerGetsItsFlagBack() {
        instance(new FleetInstance.Local(8317), () -> {
            throw new AssertionError("a bug");
        });
        Outcome.Failed fault = assertInstanceOf(Outcome.Failed.class, service().status().getFirst().outcome());
        assertEquals(Optional.of("internal_error"), fault.failure().code());

        CountDownLatch release = new CountDownLatch(1);
        statuses.put("local-8317", () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ProxyStatus.NotRunning();
        });
        Thread.currentThread().interrupt();
        List<FleetInstanceStatus> interrupted = service().status();
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        release.countDown();
        assertEquals(new Outcome.Failed(new FleetFailure("Interrupted", Optional.of("interrupted"), Optional.empty())),
                interrupted.getFirst().outcome());
    }

    @Test
    void anEmptyFleetAnswersAtOnce() {
        assertEquals(List.of(), service().status());
    }
}
