package dev.cliproxy.control;

import java.nio.file.Path;

/**
 * A second supervising control server, run in its own JVM by {@link SupervisionTest}: {@code <ccs-dir> <binary>}
 * supervises that directory's proxy ({@code supervise(true)}), prints {@code supervising} once it does and
 * {@code <event> <pid>} for each of its supervisor's events, until it is killed.
 */
public final class SupervisorProcessMain {

    private SupervisorProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(Path.of(args[0]))
                .proxyBinary(Path.of(args[1])).startupTimeout(StandInFixture.WAIT).supervise(true).build();
             ProxyOperations.Watch watch = control.proxy().watch(change -> {
                 if (change.supervision().isPresent()) {
                     System.out.println(change.kind().id() + " " + change.status());
                     System.out.flush();
                 }
             })) {
            while (!control.supervision().status().supervised()) {
                Thread.sleep(10);
            }
            System.out.println("supervising");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
