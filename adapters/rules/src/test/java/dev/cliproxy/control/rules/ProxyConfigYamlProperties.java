package dev.cliproxy.control.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** The proxy config rule over whole families of documents: what it accepts, and each thing it refuses. */
class ProxyConfigYamlProperties {

    /** Top-level sections of real configs (cliproxyapi.md §2), each under its own key. */
    private static final Map<String, String> SECTIONS = Map.ofEntries(
            Map.entry("host", "host: \"127.0.0.1\"\n"),
            Map.entry("tls", "tls: { enable: false, cert: \"\", key: \"\" }\n"),
            Map.entry("remote-management", "remote-management:\n  allow-remote: false\n  secret-key: \"$2a$10$abc\"\n"
                    + "  disable-control-panel: false\n"),
            Map.entry("auth-dir", "auth-dir: \"~/.cli-proxy-api\"\n"),
            Map.entry("api-keys", "api-keys:\n  - \"sk-local-0123456789abcdef\"\n  - ccs-internal-managed\n"),
            Map.entry("debug", "debug: false\n"),
            Map.entry("pprof", "pprof: { enable: false, addr: \"127.0.0.1:8316\" }\n"),
            Map.entry("quota-exceeded", "quota-exceeded:\n  switch-project: true\n  switch-preview-model: true\n"),
            Map.entry("routing", "routing:\n  strategy: \"round-robin\"\n  session-affinity: true\n"),
            Map.entry("gemini-api-key", "gemini-api-key:\n  - api-key: \"AIzaSy-PLACEHOLDER\"\n    models:\n"
                    + "      - name: \"gemini-2.5-flash\"\n        alias: \"gemini-flash\"\n"),
            Map.entry("openai-compatibility", "openai-compatibility:\n  - name: \"openrouter\"\n"
                    + "    base-url: \"https://openrouter.ai/api/v1\"\n    api-key-entries:\n"
                    + "      - api-key: \"sk-or-v1-PLACEHOLDER\"\n"),
            Map.entry("oauth-excluded-models", "oauth-excluded-models:\n  gemini-cli: [\"gemini-2.0-*\"]\n"),
            Map.entry("oauth-model-alias", "oauth-model-alias:\n  antigravity:\n    - name: gemini-3-pro\n"
                    + "      alias: g3\n      fork: true\n"),
            Map.entry("payload", "payload:\n  default:\n    - models: [{name: \"gemini-*\"}]\n"
                    + "      params: {\"generationConfig.thinkingConfig.thinkingBudget\": 32768}\n"));

    /** Any choice and order of real sections, with a block shared by aliases, is accepted as that mapping. */
    @Property(tries = 200)
    void realisticConfigsAreAccepted(@ForAll("sectionNames") List<String> names,
                                     @ForAll @IntRange(min = 0, max = 6) int sharers) {
        StringBuilder yaml = new StringBuilder("# written by hand\nport: 8317\n");
        names.forEach(name -> yaml.append(SECTIONS.get(name)));
        Set<String> keys = new LinkedHashSet<>(List.of("port"));
        keys.addAll(names);
        if (sharers > 0) {
            yaml.append("shared: &shared\n  headers: {X-Team: a}\n  models: [a, b, c]\n");
            keys.add("shared");
            for (int i = 0; i < sharers; i++) {
                yaml.append("user-").append(i).append(":\n  <<: *shared\n  name: u").append(i).append('\n');
                keys.add("user-" + i);
            }
        }
        Map<?, ?> config = ProxyConfigYaml.check(yaml.toString());
        assertEquals(keys, config.keySet());
    }

    /**
     * A tower of anchored lists, each holding {@code width} aliases of the one below: refused exactly when the
     * aliases add more nodes than the bound, with the place of the alias that passes it.
     */
    @Property(tries = 200)
    void aliasTowersAreRefusedExactlyBeyondTheBound(@ForAll @IntRange(min = 1, max = 12) int width,
                                                    @ForAll @IntRange(min = 1, max = 9) int depth) {
        StringBuilder yaml = new StringBuilder("port: 8317\nl0: &l0 [" + "x, ".repeat(width - 1) + "x]\n");
        long size = 1 + width;
        long added = 0;
        for (int level = 1; level <= depth; level++) {
            String alias = "*l" + (level - 1);
            yaml.append('l').append(level).append(": &l").append(level).append(" [")
                    .append((alias + ", ").repeat(width - 1)).append(alias).append("]\n");
            added += width * size;
            size = 1 + width * size;
        }
        boolean beyond = added > ProxyConfigYaml.MAX_ALIAS_EXPANSION;
        Statistics.collect(beyond ? "refused" : "accepted");
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 10);
            c.check("accepted").percentage(p -> p > 10);
        });
        if (beyond) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> ProxyConfigYaml.check(yaml.toString()));
            assertTrue(refused.detail().orElseThrow().matches("line \\d+, column \\d+: aliases expand .*"),
                    refused.detail().orElseThrow());
        } else {
            assertEquals(depth + 2, ProxyConfigYaml.check(yaml.toString()).size());
        }
    }

    /** An alias inside the node of its own anchor, however deep and in whatever collections, is refused. */
    @Property(tries = 200)
    void recursiveAnchorsAreRefusedAtAnyDepth(@ForAll("containers") List<Boolean> lists) {
        StringBuilder inner = new StringBuilder("*self");
        for (boolean list : lists) {
            inner = list ? new StringBuilder("[1, ").append(inner).append(']')
                    : new StringBuilder("{k: ").append(inner).append('}');
        }
        String yaml = "port: 8317\nloop: &self " + inner + "\n";
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> ProxyConfigYaml.check(yaml));
        assertTrue(refused.detail().orElseThrow().contains("*self refers to a node that contains it"), yaml);
    }

    /** A key written twice in one mapping, at any depth, is refused with the place of the second. */
    @Property(tries = 200)
    void duplicateKeysAreRefusedAtAnyDepth(@ForAll @IntRange(min = 0, max = 8) int depth,
                                           @ForAll("keys") String key, @ForAll boolean flow) {
        StringBuilder yaml = new StringBuilder("port: 8317\n");
        List<String> path = new ArrayList<>();
        for (int level = 0; level < depth; level++) {
            path.add("  ".repeat(level) + "level" + level + ":\n");
        }
        path.forEach(yaml::append);
        String indent = "  ".repeat(depth);
        if (flow) {
            yaml.append(indent).append("m: {").append(key).append(": 1, other: 2, ").append(key).append(": 3}\n");
        } else {
            yaml.append(indent).append(key).append(": 1\n").append(indent).append("other: 2\n")
                    .append(indent).append(key).append(": 3\n");
        }
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> ProxyConfigYaml.check(yaml.toString()));
        assertTrue(refused.detail().orElseThrow().matches("line \\d+, column \\d+: found duplicate key .*"),
                refused.detail().orElseThrow());
    }

    @Provide
    Arbitrary<List<String>> sectionNames() {
        return Arbitraries.of(SECTIONS.keySet()).list().uniqueElements().ofMaxSize(SECTIONS.size())
                .flatMap(Arbitraries::shuffle);
    }

    @Provide
    Arbitrary<List<Boolean>> containers() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of("port", "api-keys", "secret-key", "routing", "debug"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(12)
                        .filter(k -> !k.equals("other") && !k.equals("m") && !k.startsWith("-")));
    }
}
