package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Another program using the library, run in its own JVM by tests: {@code <ccs-dir> <binary> start <threads> <go-file>}
 * waits for {@code go-file} to exist, then starts from that many threads at once and prints one line per outcome
 * ({@code Started <pid>}, {@code AlreadyRunning <pid>} or {@code StartFailed ...}); then the JVM exits, leaving any
 * proxy it started running.
 */
public final class ControlProcessMain {

    private ControlProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ccs = Path.of(args[0]);
        Path binary = Path.of(args[1]);
        int threads = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).proxyBinary(binary)
                .startupTimeout(StandInFixture.WAIT).build();
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(1);
            }
            List<Future<StartOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> control.proxy().start()));
            }
            for (Future<StartOutcome> outcome : outcomes) {
                System.out.println(describe(outcome.get()));
            }
        }
    }

    static String describe(StartOutcome outcome) {
        return switch (outcome) {
            case StartOutcome.Started s -> "Started " + s.pid();
            case StartOutcome.AlreadyRunning a -> "AlreadyRunning " + (a.pid().isPresent() ? a.pid().getAsLong() : -1);
            case StartOutcome.StartFailed f -> "StartFailed " + f.reason().replace('\n', ' ');
        };
    }

    static String describe(StopOutcome outcome) {
        return outcome.toString();
    }
}
