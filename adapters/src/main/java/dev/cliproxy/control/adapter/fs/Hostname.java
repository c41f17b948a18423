package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name as Node's {@code os.hostname()} gives it to the CLI, read without a DNS lookup. */
final class Hostname {

    private Hostname() {
    }

    static String current() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
        } catch (IOException e) {
            // fall through to the environment
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "localhost";
    }
}
