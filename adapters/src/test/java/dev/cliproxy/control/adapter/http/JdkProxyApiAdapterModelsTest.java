package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProxyModel;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkProxyApiAdapterModelsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private final JdkProxyApiAdapter adapter = new JdkProxyApiAdapter();
    private LoopbackStub proxy;

    @AfterEach
    void stopStub() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void listsTheModelsAsGivenWithTheKeyAndInOpenAiShape() throws IOException {
        proxy = new LoopbackStub(exchange -> json(exchange, 200, """
                {"object":"list","data":[
                 {"id":"gemini-2.5-pro","object":"model","created":1750118400,"owned_by":"google","extra":{"a":[1,2]}},
                 {"id":"claude-sonnet-4","object":"model","created":1750118400,"owned_by":"anthropic","ratio":0.1000000000000000055511151231257827},
                 {"id":"custom","object":"model","created":1}]}"""));

        ModelCatalog catalog = adapter.models(proxy.port(), Optional.of("sk-test-key"), TIMEOUT);

        assertEquals(List.of("gemini-2.5-pro", "claude-sonnet-4", "custom"),
                catalog.models().stream().map(ProxyModel::id).toList());
        ProxyModel first = catalog.models().get(0);
        assertEquals(List.of("id", "object", "created", "owned_by", "extra"), List.copyOf(first.fields().keySet()));
        assertEquals(Optional.of("google"), first.ownedBy());
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"),
                catalog.models().get(1).fields().get("ratio"));
        assertEquals(Optional.empty(), catalog.models().get(2).ownedBy());

        LoopbackStub.Recorded request = proxy.lastRequest();
        assertEquals("/v1/models", request.uri().getPath());
        assertEquals("Bearer sk-test-key", request.headers().getFirst("Authorization"));
        assertNull(request.headers().getFirst("Anthropic-Version"));
        assertFalse(request.headers().getFirst("User-Agent").startsWith("claude-cli"));
    }

    @Test
    void acceptsTheAnthropicShapeToo() throws IOException {
        proxy = new LoopbackStub(exchange -> json(exchange, 200, """
                {"data":[{"id":"claude-opus-4","type":"model","display_name":"Claude Opus 4","created_at":1759276800}],
                 "has_more":false,"first_id":"claude-opus-4","last_id":"claude-opus-4"}"""));

        ModelCatalog catalog = adapter.models(proxy.port(), Optional.empty(), TIMEOUT);

        assertEquals("Claude Opus 4", catalog.models().get(0).fields().get("display_name"));
        assertNull(proxy.lastRequest().headers().getFirst("Authorization"), "no key configured, none sent");
    }

    @Test
    void aRefusedKeyIsReportedWithoutTheKey() throws IOException {
        proxy = new LoopbackStub(exchange -> json(exchange, 401, "{\"error\":\"Invalid API key\"}"));

        ServiceUnavailableException failure = assertThrows(ServiceUnavailableException.class,
                () -> adapter.models(proxy.port(), Optional.of("sk-very-secret"), TIMEOUT));

        assertEquals("Models unavailable", failure.error());
        assertEquals(Optional.of("proxy_rejected_key"), failure.code());
        assertTrue(failure.detail().orElseThrow().contains("Invalid API key"));
        assertFalse(failure.getMessage().contains("sk-very-secret"));

        ServiceUnavailableException noKey = assertThrows(ServiceUnavailableException.class,
                () -> adapter.models(proxy.port(), Optional.empty(), TIMEOUT));
        assertTrue(noKey.detail().orElseThrow().contains("no api-keys"));
    }

    @Test
    void failingAndMalformedAnswersAreModelsUnavailableSayingWhich() throws IOException {
        proxy = new LoopbackStub(exchange -> json(exchange, 500, "{\"error\":\"boom\"}"));
        assertEquals("CLIProxy answered /v1/models with HTTP 500: boom", detail());

        proxy.answer(exchange -> json(exchange, 200, "<html>hello</html>"));
        assertTrue(detail().endsWith("not a model list: the answer is not JSON"), detail());

        proxy.answer(exchange -> json(exchange, 200, "{\"object\":\"list\"}"));
        assertTrue(detail().endsWith("the answer has no \"data\" array"), detail());

        proxy.answer(exchange -> json(exchange, 200, "[1,2]"));
        assertTrue(detail().endsWith("the answer has no \"data\" array"), detail());

        proxy.answer(exchange -> json(exchange, 200, "{\"data\":[{\"id\":\"ok\"},{\"object\":\"model\"}]}"));
        assertTrue(detail().endsWith("entry 1 has no \"id\""), detail());

        proxy.answer(exchange -> json(exchange, 200, "{\"data\":[\"just-a-name\"]}"));
        assertTrue(detail().endsWith("entry 0 is not an object"), detail());
    }

    @Test
    void slowAnswersTimeOut() throws IOException {
        proxy = LoopbackStub.replying(request -> Reply.heldBack());
        assertEquals("CLIProxy is running but /v1/models did not answer within 700 ms", detail());

        proxy.answer(proxy.stallingBody());
        assertEquals("CLIProxy is running but /v1/models did not answer within 700 ms", detail());
    }

    @Test
    void aProxyThatIsGoneIsUnreachable() throws IOException {
        int closedPort = StandInConfig.freePort();
        ServiceUnavailableException failure = assertThrows(ServiceUnavailableException.class,
                () -> adapter.models(closedPort, Optional.of("k"), TIMEOUT));
        assertEquals(Optional.of("proxy_unreachable"), failure.code());
    }

    private String detail() {
        return assertThrows(ServiceUnavailableException.class,
                () -> adapter.models(proxy.port(), Optional.of("k"), TIMEOUT)).detail().orElseThrow();
    }
}
