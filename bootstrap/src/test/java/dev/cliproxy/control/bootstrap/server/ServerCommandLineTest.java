package dev.cliproxy.control.bootstrap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Upstream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerCommandLineTest {

    @Test
    void defaultsAreLoopbackOnPort3000() {
        ServerCommandLine.ServerSettings settings = run(Map.of());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(3000, settings.port());
        assertEquals(Optional.empty(), settings.ccsDirectory());
        assertEquals(Optional.empty(), settings.token());
        assertEquals(Map.of(), settings.upstreams());
    }

    @Test
    void flagsInBothFormsAndRepeatedUpstreams() {
        ServerCommandLine.ServerSettings settings = run(Map.of(), "--host", "0.0.0.0", "--port=0",
                "--ccs-dir", "/tmp/c", "--proxy-binary=/opt/cpa", "--token", "t0k",
                "--upstream", "github=http://127.0.0.1:9/api", "--upstream=gemini=https://mirror.example");
        assertEquals("0.0.0.0", settings.host());
        assertEquals(0, settings.port());
        assertEquals(Optional.of(Path.of("/tmp/c")), settings.ccsDirectory());
        assertEquals(Optional.of(Path.of("/opt/cpa")), settings.proxyBinary());
        assertEquals(Optional.of("t0k"), settings.token());
        assertEquals(Map.of(Upstream.GITHUB, URI.create("http://127.0.0.1:9/api"),
                QuotaProvider.GEMINI.upstream().orElseThrow(), URI.create("https://mirror.example")),
                settings.upstreams());
    }

    @Test
    void environmentTwinsApplyAndFlagsWinOverThem() {
        Map<String, String> env = Map.of("CLIPROXY_CONTROL_PORT", "4000", "CLIPROXY_CONTROL_CCS_DIR", "/e",
                "CLIPROXY_CONTROL_UPSTREAM", "codex=http://127.0.0.1:1,kiro=http://127.0.0.1:2");
        assertEquals(4000, run(env).port());
        assertEquals(Optional.of(Path.of("/e")), run(env).ccsDirectory());
        assertEquals(2, run(env).upstreams().size());
        assertEquals(5000, run(env, "--port", "5000").port());
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertInvalid("unknown option '--nope'", "--nope", "1");
        assertInvalid("needs a value", "--port");
        assertInvalid("--port must be a number", "--port", "http");
        assertInvalid("--port must be a number", "--port", "70000");
        assertInvalid("unexpected argument", "serve");
        assertInvalid("--upstream takes NAME=URL", "--upstream", "nowhere=http://x");
        assertInvalid("needs an http or https URL", "--upstream", "github=file:///etc/passwd");
        assertInvalid("--host must not be empty", "--host", " ");
    }

    @Test
    void theAccessLogIsOffUnlessSwitchedOnByFlagOrEnvironment() {
        assertFalse(run(Map.of()).accessLog());
        assertTrue(run(Map.of(), "--access-log").accessLog());
        assertTrue(run(Map.of("CLIPROXY_CONTROL_ACCESS_LOG", "true")).accessLog());
        assertFalse(run(Map.of("CLIPROXY_CONTROL_ACCESS_LOG", "false")).accessLog());
        ServerCommandLine.Invalid invalid = assertInstanceOf(ServerCommandLine.Invalid.class,
                ServerCommandLine.parse(new String[0], Map.of("CLIPROXY_CONTROL_ACCESS_LOG", "maybe")));
        assertTrue(invalid.problem().contains("CLIPROXY_CONTROL_ACCESS_LOG"), invalid.problem());
    }

    @Test
    void supervisionIsForcedOnByFlagOrEnvironmentOnly() {
        assertFalse(run(Map.of()).supervise());
        assertTrue(run(Map.of(), "--supervise").supervise());
        assertTrue(run(Map.of("CLIPROXY_CONTROL_SUPERVISE", "true")).supervise());
        assertFalse(run(Map.of("CLIPROXY_CONTROL_SUPERVISE", "no")).supervise());
        ServerCommandLine.Invalid invalid = assertInstanceOf(ServerCommandLine.Invalid.class,
                ServerCommandLine.parse(new String[0], Map.of("CLIPROXY_CONTROL_SUPERVISE", "sometimes")));
        assertTrue(invalid.problem().contains("CLIPROXY_CONTROL_SUPERVISE"), invalid.problem());
    }

    @Test
    void usageCollectionIsForcedOnByFlagOrEnvironmentAndTheDatabaseNamedByUrl() {
        assertFalse(run(Map.of()).collectUsage());
        assertTrue(run(Map.of(), "--collect-usage").collectUsage());
        assertTrue(run(Map.of("CLIPROXY_CONTROL_COLLECT_USAGE", "true")).collectUsage());
        assertFalse(run(Map.of("CLIPROXY_CONTROL_COLLECT_USAGE", "false")).collectUsage());
        assertEquals(Optional.empty(), run(Map.of()).usageDatabase());
        String postgres = "jdbc:postgresql://db.internal:5432/usage?user=cpc&password=pw";
        assertEquals(Optional.of(postgres), run(Map.of(), "--usage-db", postgres).usageDatabase());
        assertEquals(Optional.of("jdbc:sqlite:/var/lib/usage.db"),
                run(Map.of("CLIPROXY_CONTROL_USAGE_DB", "jdbc:sqlite:/var/lib/usage.db")).usageDatabase());
        ServerCommandLine.Invalid invalid = assertInstanceOf(ServerCommandLine.Invalid.class,
                ServerCommandLine.parse(new String[] {"--usage-db", "mysql://u:secretpw@h/db"}, Map.of()));
        assertTrue(invalid.problem().contains("jdbc:postgresql://"), invalid.problem());
        assertFalse(invalid.problem().contains("secretpw"), "a URL may hold a password: never echoed");
    }

    @Test
    void helpIsRecognised() {
        assertInstanceOf(ServerCommandLine.Help.class, ServerCommandLine.parse(new String[] {"--help"}, Map.of()));
    }

    private static ServerCommandLine.ServerSettings run(Map<String, String> env, String... args) {
        return assertInstanceOf(ServerCommandLine.Run.class, ServerCommandLine.parse(args, env)).settings();
    }

    private static void assertInvalid(String expected, String... args) {
        ServerCommandLine.Invalid invalid =
                assertInstanceOf(ServerCommandLine.Invalid.class, ServerCommandLine.parse(args, Map.of()));
        assertTrue(invalid.problem().contains(expected), invalid.problem());
    }
}
