package dev.cliproxy.control.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigYamlTest {

    /** cliproxyapi.md §2.4: a realistic config, valid for CLIProxyAPI v6.9.x and v7. */
    static final String REALISTIC = """
            host: "127.0.0.1"
            port: 8317
            tls: { enable: false, cert: "", key: "" }
            remote-management:
              allow-remote: false
              secret-key: "change-me-mgmt-key"      # hashed to $2a$10$... on first start
              disable-control-panel: false
              panel-github-repository: "https://github.com/router-for-me/Cli-Proxy-API-Management-Center"
            auth-dir: "~/.cli-proxy-api"
            api-keys:
              - "sk-local-0123456789abcdef"       # NOT your-api-key-1/2/3 (v7 safe mode)
            debug: false
            pprof: { enable: false, addr: "127.0.0.1:8316" }
            commercial-mode: false
            logging-to-file: true
            logs-max-total-size-mb: 512
            error-logs-max-files: 10
            usage-statistics-enabled: false
            request-log: false
            proxy-url: ""
            force-model-prefix: false
            passthrough-headers: false
            request-retry: 3
            max-retry-credentials: 0
            max-retry-interval: 30
            disable-cooling: false
            quota-exceeded:
              switch-project: true
              switch-preview-model: true
            routing:
              strategy: "round-robin"
            ws-auth: false
            nonstream-keepalive-interval: 0
            gemini-api-key:
              - api-key: "AIzaSy-PLACEHOLDER"
                models:
                  - name: "gemini-2.5-flash"
                    alias: "gemini-flash"
            claude-api-key:
              - api-key: "sk-ant-PLACEHOLDER"
            openai-compatibility:
              - name: "openrouter"
                base-url: "https://openrouter.ai/api/v1"
                api-key-entries:
                  - api-key: "sk-or-v1-PLACEHOLDER"
                models:
                  - name: "moonshotai/kimi-k2:free"
                    alias: "kimi-k2"
            oauth-excluded-models:
              gemini-cli: ["gemini-2.0-*"]
            """;

    @Test
    void theRealisticExampleIsAcceptedAsItsMapping() {
        Map<?, ?> config = ProxyConfigYaml.check(REALISTIC);
        assertEquals(8317, config.get("port"));
        assertEquals(List.of("sk-local-0123456789abcdef"), config.get("api-keys"));
    }

    @Test
    void reuseByAliasesAndMergeKeysIsAccepted() {
        String reuse = """
                port: 8317
                defaults: &defaults {proxy-url: "", headers: {X-Team: a}}
                claude-api-key:
                  - <<: *defaults
                    api-key: one
                  - <<: *defaults
                    api-key: two
                excluded: &excluded ["gemini-2.0-*", "*-preview"]
                oauth-excluded-models: {gemini-cli: *excluded, vertex: *excluded, antigravity: *excluded}
                name: &n scalar
                again: *n
                """;
        assertEquals(8317, ProxyConfigYaml.check(reuse).get("port"));
        // An anchor defined again inside its own node: later aliases mean the newer node, which is finished.
        assertEquals(List.of(List.of(1, 1), List.of(1, 1)),
                ProxyConfigYaml.check("a: &x [&x [1, 1], *x]\nb: *x\n").get("a"));
    }

    @Test
    void recursiveAnchorsAreRefusedWhereTheAliasIs() {
        assertRefused("a: &a [*a]\n", "line 1, column 8: the alias *a refers to a node that contains it");
        assertRefused("a: &a\n  b:\n    c: *a\n", "line 3, column 8: the alias *a refers to a node that contains it");
        assertRefused("port: 8317\nx: &x {y: [1, {z: *x}]}\n", "line 2, column 19: the alias *x");
    }

    @Test
    void aNestedAliasBombOfFortyAliasesIsRefused() {
        StringBuilder bomb = new StringBuilder("port: 8317\na0: &a0 [x, x, x, x, x]\n");
        for (int level = 1; level <= 8; level++) {
            String previous = "*a" + (level - 1);
            bomb.append('a').append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", List.of(previous, previous, previous, previous, previous)))
                    .append("]\n");
        }
        // Each level is five times the one before: the fifth level's second alias passes the bound.
        assertRefused(bomb.toString(), "line 7, column 15: aliases expand the document by more than 10000 nodes");
        assertTrue(bomb.toString().split("\\*a", -1).length - 1 == 40, "forty aliases");
    }

    @Test
    void manyAliasesOfCollectionsAreRefusedWithThePlace() {
        StringBuilder many = new StringBuilder("port: 8317\nbase: &b {x: 1}\n");
        for (int i = 0; i < 50; i++) {
            many.append("u").append(i).append(": *b\n");
        }
        assertEquals(52, ProxyConfigYaml.check(many.toString()).size());
        many.append("u50: *b\n");
        assertRefused(many.toString(), "line 53, column 6: more than 50 aliases of lists or mappings");
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() {
        assertRefused("port: 1\nport: 2\n", "line 2, column 1: found duplicate key port");
        assertRefused("port: 8317\nrouting:\n  strategy: a\n  strategy: b\n", "line 4, column 3: found duplicate key");
        assertRefused("port: 8317\nlist:\n  - {a: 1, a: 2}\n", "line 3, column ");
    }

    @Test
    void aDocumentThatIsNotOneMappingIsRefused() {
        for (String notAMapping : List.of("- a\n- b\n", "just text", "", "# only a comment\n", "~\n", "8317\n")) {
            assertRefused(notAMapping, "line 1, column 1: the document must be a mapping");
        }
        assertRefused("a: 1\n---\nb: 2\n", "line 2, column 1: ");
    }

    @Test
    void collectionsAsKeysAreRefused() {
        assertRefused("? [a, b]\n: c\n", "line 1, column 3: a mapping key must be a plain value");
        assertRefused("port: 8317\nm: {{a: 1}: b}\n", "line 2, column 5: a mapping key must be a plain value");
        assertRefused("l: &l [1]\nm:\n  *l : x\n", "line 3, column 3: a mapping key must be a plain value");
    }

    @Test
    void syntaxErrorsAndForeignTypesSayWhere() {
        assertRefused("port: 8317\napi-keys: [a, b\n", "line 3, column 1: ");
        assertRefused("port: 8317\n\tdebug: true\n", "line 2, column 1: ");
        assertRefused("a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n", "line 1, column 4: ");
        assertRefused("a: *undefined\n", "line 1, column 4: found undefined alias undefined");
    }

    private static void assertRefused(String yaml, String messagePrefix) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> ProxyConfigYaml.check(yaml),
                yaml);
        assertEquals("Invalid YAML", refused.error());
        assertEquals("invalid_yaml", refused.code().orElseThrow());
        String detail = refused.detail().orElseThrow();
        assertTrue(detail.startsWith(messagePrefix), detail);
    }
}
