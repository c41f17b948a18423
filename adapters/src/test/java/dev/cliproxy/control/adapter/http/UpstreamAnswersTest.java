package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a provider's error answer reaches a failure's message, and which answers are quota JSON at all. */
class UpstreamAnswersTest {

    private static final Credential CREDENTIAL = QuotaProviderAdaptersTest.credential(QuotaProvider.CODEX);

    @Test
    void theProvidersOwnMessageFollowsTheStatus() {
        assertEquals("Codex answered HTTP 500: model overloaded",
                message(500, "{\"error\":{\"message\":\"model overloaded\"},\"message\":\"other\"}"));
        assertEquals("Codex answered HTTP 500: busy", message(500, "{\"message\":\"busy\",\"detail\":\"other\"}"));
        assertEquals("Codex answered HTTP 400: bad window", message(400, "{\"error\":\"bad window\"}"));
        assertEquals("Codex answered HTTP 400: not this", message(400, "{\"detail\":\"not this\"}"));
    }

    @Test
    void anAnswerThatIsNotAJsonObjectIsQuotedAsItIsAndAnHtmlPageNot() {
        assertEquals("Codex answered HTTP 502: \"gateway down\"", message(502, "\"gateway down\""));
        assertEquals("Codex answered HTTP 502: upstream connect error", message(502, "upstream connect error"));
        assertEquals("Codex answered HTTP 502: [HTML error response omitted]",
                message(502, "  <html><body>Bad gateway</body></html>"));
    }

    @Test
    void anAnswerWithoutAMessageAddsNothingToTheStatus() {
        assertEquals("Codex answered HTTP 500", message(500, "{\"code\":5,\"message\":\" \"}"));
        assertEquals("Codex answered HTTP 500", message(500, ""));
    }

    @Test
    void aDetailIsCutAfter200Characters() {
        String exactly = "ab ".repeat(66) + "ab";
        assertEquals(200, exactly.length());
        assertEquals(exactly, UpstreamAnswers.redact(exactly, CREDENTIAL));
        assertEquals(exactly + "…", UpstreamAnswers.redact(exactly + " more", CREDENTIAL));
    }

    @Test
    void onlyA2xxAnswerIsQuotaJson() {
        for (int status : new int[] {200, 204, 299}) {
            assertEquals(1, UpstreamAnswers.requireJson(response(status, "{\"a\":1}"), CREDENTIAL, "Codex", false)
                    .get("a").asInt(), "HTTP " + status);
        }
        for (int status : new int[] {199, 300, 404}) {
            assertThrows(ControlException.class, () -> UpstreamAnswers.requireJson(response(status, "{\"a\":1}"),
                    CREDENTIAL, "Codex", false), "HTTP " + status);
        }
        assertThrows(UpstreamFailureException.class, () -> UpstreamAnswers.requireJson(response(200, "[1]"),
                CREDENTIAL, "Codex", false));
    }

    private static String message(int status, String body) {
        return UpstreamAnswers.failure(response(status, body), CREDENTIAL, "Codex", false).detail().orElseThrow();
    }

    private static UpstreamResponse response(int status, String body) {
        return new UpstreamResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
