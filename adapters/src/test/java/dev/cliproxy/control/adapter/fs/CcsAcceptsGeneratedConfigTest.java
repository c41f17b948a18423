package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.rules.SafeYaml;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config we generate is one the {@code ccs} tools keep as their own. Checked with their own code: the published
 * {@code @kaitranntt/ccs} package is installed from the npm registry into {@code target/ccs-node} (once; install
 * scripts off), and node runs its {@code configNeedsRegeneration} and {@code generateConfig} on a CCS directory in a
 * temp folder. Skipped only where node is not installed.
 */
class CcsAcceptsGeneratedConfigTest {

    /** The package the format and the rule were read from ({@code compare-with-node.sh} pins the same). */
    private static final String CCS_PACKAGE = "@kaitranntt/ccs@7.79.1";
    private static final Path NODE_DIRECTORY = Path.of("target", "ccs-node").toAbsolutePath();
    private static final String SCRIPT = """
            const [generatorPath, action, port] = process.argv.slice(2);
            const generator = require(generatorPath);
            const answer = { version: generator.CLIPROXY_CONFIG_VERSION };
            if (action === 'generate') {
              answer.path = generator.generateConfig('gemini', Number(port));
            } else {
              answer.regenerate = generator.configNeedsRegeneration(Number(port));
            }
            process.stdout.write('\\n' + JSON.stringify(answer) + '\\n');
            """;
    /** The ccs settings of each case: none; Plus with the user's own keys on another port; a panel of their own. */
    private static final List<String> SETTINGS = List.of("", """
            cliproxy:
              backend: plus
              auth:
                api_key: sk-user-chosen
                management_secret: mgmt-user-chosen
            cliproxy_server:
              local:
                port: 9123
            """, """
            cliproxy:
              backend: original
              management_panel_repository: https://github.com/example/panel
            """);

    private static Path generator;

    @TempDir
    Path temp;

    @BeforeAll
    static void installTheCcsPackage() throws Exception {
        assumeTrue(onPath("node"), "node is not installed, so the ccs tools' own rule (configNeedsRegeneration of "
                + CCS_PACKAGE + ") cannot be run");
        generator = NODE_DIRECTORY.resolve("node_modules/@kaitranntt/ccs/dist/cliproxy/config/generator.js");
        if (Files.isRegularFile(generator)) {
            return;
        }
        assertTrue(onPath("npm"), "node is installed but npm is not: it is needed to fetch " + CCS_PACKAGE);
        Path log = Files.createDirectories(NODE_DIRECTORY).resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "install", "--prefix", NODE_DIRECTORY.toString(), "--no-audit",
                "--no-fund", "--ignore-scripts", "--no-save", "--prefer-offline", CCS_PACKAGE)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = npm.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            npm.destroyForcibly().waitFor();
        }
        assertTrue(finished && npm.exitValue() == 0 && Files.isRegularFile(generator),
                "npm could not install " + CCS_PACKAGE + " from the npm registry: " + Files.readString(log));
    }

    @Test
    void theCcsToolsWouldNotRegenerateOurConfigWhateverTheirSettingsSay() throws Exception {
        for (String settings : SETTINGS) {
            CcsLayout layout = ccsDirectory("ours", settings);
            int port = writeOurs(layout);

            JsonNode answer = runCcs(layout, "check", port);
            assertEquals(YamlDefaultProxyConfigAdapter.CCS_CONFIG_VERSION, answer.path("version").asInt(),
                    "our header's version must be the one of " + CCS_PACKAGE);
            assertFalse(answer.path("regenerate").asBoolean(true),
                    "configNeedsRegeneration is true for our config with settings:\n" + settings + "\n"
                            + Files.readString(layout.proxyConfigFile(port)));
            delete(layout.ccsDirectory());
        }
    }

    @Test
    void ourConfigHoldsTheirKeysAndValuesExceptHostAndAllowRemote() throws Exception {
        for (String settings : SETTINGS) {
            CcsLayout mine = ccsDirectory("ours", settings);
            Map<String, Object> ours = parse(mine, mine.proxyConfigFile(writeOurs(mine)));
            CcsLayout theirs = ccsDirectory("theirs", settings);
            int port = new YamlProxySettingsAdapter(theirs).lifecyclePort();
            Map<String, Object> generated =
                    parse(theirs, Path.of(runCcs(theirs, "generate", port).path("path").asText()));

            assertEquals("127.0.0.1", ours.remove("host"), "loopback only: theirs binds every interface");
            @SuppressWarnings("unchecked")
            Map<String, Object> management = (Map<String, Object>) ours.get("remote-management");
            assertEquals(false, management.put("allow-remote", true), "remote management off: theirs allows it");
            assertEquals(generated, ours, "with settings:\n" + settings);
            delete(mine.ccsDirectory());
            delete(theirs.ccsDirectory());
        }
    }

    @Test
    void theirRuleIsReallyRunAConfigWithoutTheirHeaderOrWithAnotherPanelIsRegenerated() throws Exception {
        CcsLayout layout = ccsDirectory("ours", "");
        int port = writeOurs(layout);
        Files.writeString(layout.ccsConfigFile(), "version: 13\ncliproxy:\n  backend: plus\n");
        assertTrue(runCcs(layout, "check", port).path("regenerate").asBoolean(false),
                "a backend switch changes the panel the ccs tools expect: they regenerate, as they do for their own");

        Files.writeString(layout.proxyConfigFile(port), "port: " + port + "\n");
        assertTrue(runCcs(layout, "check", port).path("regenerate").asBoolean(false), "no header, no version");
    }

    /** A CCS directory with these ccs settings ({@code version} is required by the ccs tools' loader). */
    private CcsLayout ccsDirectory(String name, String settings) throws IOException {
        CcsLayout layout = new CcsLayout(temp.resolve(name));
        Files.createDirectories(layout.cliproxyDirectory());
        if (!settings.isEmpty()) {
            Files.writeString(layout.ccsConfigFile(), "version: 13\n" + settings);
        }
        return layout;
    }

    /** Writes our config for the settings' port and keys, as a start does; returns the port. */
    private static int writeOurs(CcsLayout layout) {
        YamlProxySettingsAdapter settings = new YamlProxySettingsAdapter(layout);
        int port = settings.lifecyclePort();
        assertTrue(new YamlDefaultProxyConfigAdapter(layout)
                .createIfMissing(port, settings.clientKeys(), settings.managementPanelRepository()));
        return port;
    }

    /** Runs the ccs package's generator on {@code layout} with node; its last output line, as JSON. */
    private JsonNode runCcs(CcsLayout layout, String action, int port) throws Exception {
        Path script = temp.resolve("ccs-check.js");
        Files.writeString(script, SCRIPT);
        Path home = Files.createDirectories(temp.resolve("home"));
        Path err = temp.resolve("node.err");
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), generator.toString(), action,
                Integer.toString(port)).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CCS_"));
        builder.environment().put("CCS_DIR", layout.ccsDirectory().toString());
        builder.environment().put("HOME", home.toString());
        Process node = builder.start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "node did not finish");
        assertEquals(0, node.exitValue(), out + Files.readString(err));
        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        return new ObjectMapper().readTree(lines.getLast());
    }

    /** The config as plain maps, with the CCS directory (in {@code auth-dir}) replaced by a placeholder. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(CcsLayout layout, Path file) throws IOException {
        String text = Files.readString(file).replace(layout.ccsDirectory().toString(), "<ccs-dir>");
        return new LinkedHashMap<>((Map<String, Object>) SafeYaml.parser().load(text));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }

    private static void delete(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
