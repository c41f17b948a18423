package dev.cliproxy.control;

import java.nio.file.Path;

/**
 * A control server collecting usage, run in its own JVM by {@link UsageCrashTest}: {@code <ccs-dir>} builds the
 * facade with collection forced on and prints {@code collected <n>} whenever its count of stored records grows,
 * until it is killed.
 */
public final class UsageProcessMain {

    private UsageProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(Path.of(args[0])).collectUsage(true)
                .build()) {
            System.out.println("ready");
            System.out.flush();
            long shown = -1;
            while (true) {
                long collected = control.usage().status().collected();
                if (collected != shown) {
                    System.out.println("collected " + collected);
                    System.out.flush();
                    shown = collected;
                }
                Thread.sleep(5);
            }
        }
    }
}
