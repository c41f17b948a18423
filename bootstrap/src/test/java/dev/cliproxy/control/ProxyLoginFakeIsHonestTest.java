package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cliproxy.control.adapter.http.JdkProxyLoginAdapter;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryProxyLogin;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's sign-in flows answer as the real adapter does against the stand-in proxy (which plays CLIProxyAPI's
 * management routes as a real process), step by step: a wrong key, flows it has and lacks, consent, a pasted
 * redirect with the right code and with another, a cancel, and the ban after five refused keys.
 */
class ProxyLoginFakeIsHonestTest {

    private static final String SECRET = "sekrit";

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private final TestHttpClient browser = TestHttpClient.at("");

    @AfterEach
    void tearDown() throws Exception {
        fixture.cleanUp();
    }

    @Test
    void everyAnswerAndRefusalIsTheSame() throws Exception {
        fixture = new StandInFixture(temp);
        fixture.config("remote-management:", "  secret-key: \"" + SECRET + "\"",
                "auth-dir: \"" + fixture.layout.authDirectory() + "\"");
        CliProxyControl control = fixture.control();
        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());
        int port = fixture.port;
        ProxyLoginPort real = new JdkProxyLoginAdapter(Duration.ofSeconds(10));
        InMemoryProxyLogin fake = new InMemoryProxyLogin(new InMemoryAccounts(), new TestClock());
        fake.serve(port, SECRET, Optional.of("stand-in"),
                Set.of("antigravity", "gemini-cli", "codex", "anthropic", "iflow"));

        same(() -> real.start(port, "wrong", "codex"), () -> fake.start(port, "wrong", "codex"));
        same(() -> real.start(port, SECRET, "kiro"), () -> fake.start(port, SECRET, "kiro"));

        String realState = started(real.start(port, SECRET, "codex"));
        String fakeState = started(fake.start(port, SECRET, "codex"));
        same(() -> real.progress(port, SECRET, realState), () -> fake.progress(port, SECRET, fakeState));
        browser.get(url(realState) + "&email=c@example.com");
        fake.consent(fakeState, "c@example.com");
        same(() -> real.progress(port, SECRET, realState), () -> fake.progress(port, SECRET, fakeState));

        String realPasted = started(real.start(port, SECRET, "gemini-cli"));
        String fakePasted = started(fake.start(port, SECRET, "gemini-cli"));
        String landedOn = browser.get(url(realPasted) + "&redirect=1").headers().firstValue("Location").orElseThrow();
        same(() -> callback(real, port, "gemini-cli", realPasted, landedOn),
                () -> callback(fake, port, "gemini-cli", fakePasted, fake.redirect(fakePasted)));
        same(() -> settled(real, port, realPasted), () -> fake.progress(port, SECRET, fakePasted));
        same(() -> callback(real, port, "gemini-cli", realPasted, landedOn),
                () -> callback(fake, port, "gemini-cli", fakePasted, "http://localhost:54545/callback?code=x"),
                "a finished flow");

        String realWrong = started(real.start(port, SECRET, "anthropic"));
        String fakeWrong = started(fake.start(port, SECRET, "anthropic"));
        same(() -> callback(real, port, "anthropic", realWrong, "http://localhost:54545/callback"),
                () -> callback(fake, port, "anthropic", fakeWrong, "http://localhost:54545/callback"), "no code");
        same(() -> callback(real, port, "anthropic", realWrong, "http://localhost:54545/callback?code=other"),
                () -> callback(fake, port, "anthropic", fakeWrong, "http://localhost:54545/callback?code=other"));
        same(() -> settled(real, port, realWrong), () -> fake.progress(port, SECRET, fakeWrong));

        String realCancelled = started(real.start(port, SECRET, "iflow"));
        String fakeCancelled = started(fake.start(port, SECRET, "iflow"));
        same(() -> cancel(real, port, realCancelled), () -> cancel(fake, port, fakeCancelled));
        same(() -> real.progress(port, SECRET, realCancelled), () -> fake.progress(port, SECRET, fakeCancelled));
        same(() -> callback(real, port, "iflow", realCancelled, "http://localhost/cb?code=1"),
                () -> callback(fake, port, "iflow", fakeCancelled, "http://localhost/cb?code=1"));

        for (int i = 0; i < 5; i++) {
            same(() -> real.progress(port, "wrong", realState), () -> fake.progress(port, "wrong", fakeState),
                    "refused key " + (i + 2));
        }
        same(() -> real.start(port, SECRET, "codex"), () -> fake.start(port, SECRET, "codex"), "banned");
    }

    private String url(String state) {
        return "http://127.0.0.1:" + fixture.port + "/stand-in/consent?state=" + state;
    }

    private static String started(ProxyLoginStart start) {
        return assertInstanceOf(ProxyLoginStart.Started.class, start).state();
    }

    /** The stand-in exchanges a pasted code a moment after the callback, as the proxy does. */
    private static ProxyLoginProgress settled(ProxyLoginPort real, int port, String state) {
        Await.until(() -> !(real.progress(port, SECRET, state) instanceof ProxyLoginProgress.Waiting),
                "the proxy to exchange the code");
        return real.progress(port, SECRET, state);
    }

    private static String callback(ProxyLoginPort port, int proxy, String flow, String state, String url) {
        port.callback(proxy, SECRET, flow, state, url);
        return "taken";
    }

    private static String cancel(ProxyLoginPort port, int proxy, String state) {
        port.cancel(proxy, SECRET, state);
        return "cancelled";
    }

    private static void same(Supplier<Object> real, Supplier<Object> fake) {
        same(real, fake, "");
    }

    private static void same(Supplier<Object> real, Supplier<Object> fake, String what) {
        assertEquals(outcome(real), outcome(fake), what);
    }

    /** The answer, a start's kind (its state and URL differ by nature), or the kind and code of the refusal. */
    private static String outcome(Supplier<Object> call) {
        try {
            Object answer = call.get();
            return answer instanceof ProxyLoginStart.Started ? "Started" : String.valueOf(answer);
        } catch (ControlException e) {
            return e.getClass().getSimpleName() + " " + e.code().orElse("");
        }
    }
}
