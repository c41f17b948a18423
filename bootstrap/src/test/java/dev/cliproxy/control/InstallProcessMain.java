package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.Upstream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A control program run in its own JVM by {@link InstallCrashTest}: {@code <ccs-dir> <feed-url> <version>} installs
 * that version, printing {@code step <id>} as each step happens and {@code done} at the end, so that the test can
 * kill it at any step.
 */
public final class InstallProcessMain {

    private InstallProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(Path.of(args[0]))
                .environment(Map.of()).upstream(Upstream.GITHUB, URI.create(args[1]))
                .startupTimeout(StandInFixture.WAIT).build()) {
            control.updates().onInstallStep(event -> {
                System.out.println("step " + event.step().id());
                System.out.flush();
            });
            System.out.println("outcome " + control.updates().install(Optional.of(args[2])));
            System.out.println("done");
        }
    }
}
