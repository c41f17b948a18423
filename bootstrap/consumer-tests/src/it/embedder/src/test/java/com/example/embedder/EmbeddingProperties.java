package com.example.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.SessionOperations;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogEntry;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryLogStore;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryReleaseFeed;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.InMemoryUpstream;
import dev.cliproxy.control.testkit.InMemoryVersionCache;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Property tests of a tool that embeds cliproxy-control, on the testkit: no proxy binary, disk or network. */
class EmbeddingProperties {

    /** Everything in memory; the CCS directory path is only a name here. */
    record World(CliProxyControl control, InMemoryProxyHost host, InMemoryLogStore logs) {
        static World create() {
            TestClock clock = new TestClock();
            CcsLayout layout = new CcsLayout(Path.of("/nonexistent/ccs"));
            InMemoryProxyHost host = new InMemoryProxyHost(clock);
            InMemoryLogStore logs = new InMemoryLogStore(layout, clock);
            InMemoryAuthFiles auth = new InMemoryAuthFiles(layout, clock);
            CliProxyControl control = CliProxyControl.builder()
                    .ccsDirectory(layout.ccsDirectory()).clock(clock)
                    .proxySettings(new InMemoryProxySettings())
                    .proxyProcess(host).proxyApi(host).startupLock(host).defaultProxyConfig(host)
                    .sessionStore(new InMemorySessionStore())
                    .logStore(logs).authFileStore(auth).credentialStore(auth)
                    .proxyConfigFile(new InMemoryConfigFile(layout))
                    .upstreamCall(new InMemoryUpstream()).releaseFeed(new InMemoryReleaseFeed())
                    .versionCache(new InMemoryVersionCache())
                    .startupTimeout(Duration.ofMillis(100))
                    .build();
            return new World(control, host, logs);
        }
    }

    /**
     * ErrorLogFile comes from the testkit's arbitrary provider: v6, v7 and API document logs with their status and
     * model.
     */
    @Property(tries = 100)
    void myDashboardShowsEveryErrorLogWithItsStatusAndModel(@ForAll @Size(max = 8) List<ErrorLogFile> written) {
        World world = World.create();
        written.forEach(world.logs()::put);

        Map<String, ErrorLogEntry> shown = world.control().errorLogs().list().stream()
                .collect(Collectors.toMap(e -> e.file().name(), Function.identity()));

        Map<String, ErrorLogFile> expected = written.stream()
                .collect(Collectors.toMap(ErrorLogFile::name, Function.identity(), (first, last) -> last));
        assertEquals(expected.keySet(), shown.keySet());
        expected.forEach((name, log) -> assertEquals(log.metadata(), shown.get(name).metadata()));
    }

    /** My tool opens one session per job; whatever crashes happen in between, no proxy outlives the last job. */
    @Property(tries = 100)
    void noProxyOutlivesMyJobs(@ForAll @Size(min = 1, max = 6) List<Boolean> crashBeforeJob) {
        World world = World.create();
        for (boolean crash : crashBeforeJob) {
            if (crash) {
                world.host().crashProxy(true); // its PID goes to another program: it must never be signalled
            }
            try (SessionOperations.Handle job = world.control().sessions().open()) {
                assertTrue(world.control().proxy().status().running());
            }
        }
        assertFalse(world.control().proxy().status().running());
        assertEquals(List.of(), world.host().liveProxyPids());
    }
}
