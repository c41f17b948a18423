package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.rules.SafeYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial's config: the port's config listening on loopback at the spare port with an empty auth folder of its
 * own, its client key kept (or a random one when it has none), and the whole trial folder gone when discarded.
 */
class YamlTrialConfigAdapterTest {

    private static final int SOURCE_PORT = 18_411;
    private static final int TRIAL_PORT = 18_412;

    @TempDir
    Path temp;

    private CcsLayout layout() {
        return new CcsLayout(temp);
    }

    private Map<?, ?> configOf(TrialSetup trial) throws IOException {
        return (Map<?, ?>) SafeYaml.parser().load(Files.readString(trial.config()));
    }

    private void sourceConfig(String yaml) throws IOException {
        Path file = layout().proxyConfigFile(SOURCE_PORT);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private static void assertPrivateToTheTrial(TrialSetup trial, Map<?, ?> config) throws IOException {
        assertEquals("127.0.0.1", config.get("host"));
        assertEquals(TRIAL_PORT, config.get("port"));
        assertEquals(TRIAL_PORT, trial.port());
        Path auth = Path.of((String) config.get("auth-dir"));
        assertEquals(trial.directory().resolve("auth"), auth);
        try (Stream<Path> tokens = Files.list(auth)) {
            assertEquals(0, tokens.count());
        }
        assertEquals(trial.directory(), trial.config().getParent());
    }

    @Test
    void theTrialCopiesThePortsConfigOnLoopbackAtTheSparePortWithItsOwnEmptyAuthFolder() throws IOException {
        Path realAuth = Files.createDirectories(temp.resolve("auth"));
        Files.writeString(realAuth.resolve("token.json"), "{}");
        sourceConfig("host: 0.0.0.0\nport: " + SOURCE_PORT + "\nauth-dir: " + realAuth
                + "\ndebug: true\napi-keys:\n  - ''\n  - 42\n  - client-key\n");
        YamlTrialConfigAdapter trials = new YamlTrialConfigAdapter(layout());

        TrialSetup trial = trials.prepare(SOURCE_PORT, TRIAL_PORT);
        try {
            Map<?, ?> config = configOf(trial);
            assertPrivateToTheTrial(trial, config);
            assertEquals(true, config.get("debug"));
            assertEquals(Optional.of("client-key"), trial.apiKey(), "the first real key");
            assertEquals(List.of("", 42, "client-key"), config.get("api-keys"));
        } finally {
            trials.discard(trial);
        }
        assertFalse(Files.exists(trial.directory()));
        assertTrue(Files.exists(realAuth.resolve("token.json")));
    }

    @Test
    void withoutAReadableConfigOrAnyKeyTheTrialGetsARandomKeyOfItsOwn() throws IOException {
        YamlTrialConfigAdapter trials = new YamlTrialConfigAdapter(layout());
        for (String source : List.of("", "just text", "port: [unclosed", "api-keys: none\n", "api-keys: ['  ']\n")) {
            if (!source.isEmpty()) {
                sourceConfig(source);
            }
            TrialSetup one = trials.prepare(SOURCE_PORT, TRIAL_PORT);
            TrialSetup two = trials.prepare(SOURCE_PORT, TRIAL_PORT);
            try {
                Map<?, ?> config = configOf(one);
                assertPrivateToTheTrial(one, config);
                String key = one.apiKey().orElseThrow();
                assertTrue(key.matches("trial-[0-9a-f]{32}"), key);
                assertEquals(List.of(key), config.get("api-keys"), source);
                assertNotEquals(key, two.apiKey().orElseThrow());
            } finally {
                trials.discard(one);
                trials.discard(two);
            }
        }
    }

    @Test
    void discardingATrialAlreadyGoneDoesNothing() throws IOException {
        YamlTrialConfigAdapter trials = new YamlTrialConfigAdapter(layout());
        TrialSetup trial = trials.prepare(SOURCE_PORT, TRIAL_PORT);
        trials.discard(trial);
        trials.discard(trial);
        assertFalse(Files.exists(trial.directory()));
    }
}
