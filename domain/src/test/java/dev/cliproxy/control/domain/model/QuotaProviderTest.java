package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The providers' facts: names, quota APIs, the backend they need. */
class QuotaProviderTest {

    @Test
    void theBuiltInProvidersInTheOrderTheContractListsThem() {
        assertEquals(List.of("agy", "gemini", "codex", "iflow", "kiro", "ghcp", "claude"),
                QuotaProvider.builtIn().stream().map(QuotaProvider::id).toList());
    }

    @Test
    void eachQuotaApiIsAnUpstreamOfTheProvidersNameAndIflowHasNone() {
        assertEquals(new Upstream("codex", URI.create("https://chatgpt.com")), QuotaProvider.CODEX.upstream().orElseThrow());
        assertEquals(Optional.empty(), QuotaProvider.IFLOW.upstream());
        assertThrows(IllegalArgumentException.class, () -> new QuotaProvider("acme", QuotaProvider.CODEX.tokenFiles(),
                Optional.of(Upstream.GITHUB), false));
    }

    @Test
    void onlyKiroAndCopilotNeedThePlusBackend() {
        assertEquals(List.of("kiro", "ghcp"), QuotaProvider.builtIn().stream()
                .filter(QuotaProvider::needsPlusBackend).map(QuotaProvider::id).toList());
    }

    @Test
    void eachProviderSignsInThroughItsProxyFlowAndCopilotThroughNone() {
        assertEquals(List.of("agy=antigravity", "gemini=gemini-cli", "codex=codex", "iflow=iflow", "kiro=kiro",
                "ghcp=", "claude=anthropic"), QuotaProvider.builtIn().stream()
                .map(p -> p.id() + "=" + p.loginFlow().orElse("")).toList());
        QuotaProvider acme = new QuotaProvider("acme", QuotaProvider.CODEX.tokenFiles(), Optional.empty(), true);
        assertEquals(Optional.empty(), acme.loginFlow());
        QuotaProvider signing = acme.withLogin("acme-ai");
        assertEquals(new QuotaProvider("acme", QuotaProvider.CODEX.tokenFiles(), Optional.empty(), true,
                Optional.of("acme-ai")), signing);
        for (String flow : List.of("", "Acme", "a/b", "a b", "-a", "a".repeat(33))) {
            assertThrows(IllegalArgumentException.class, () -> acme.withLogin(flow), flow);
        }
        assertEquals("a".repeat(32), acme.withLogin("a".repeat(32)).loginFlow().orElseThrow());
    }

    @Test
    void namesAreWhatAUrlAndAFlagTake() {
        assertThrows(IllegalArgumentException.class, () -> QuotaProvider.withQuotaApi("Acme/1", "https://a.example",
                false, QuotaProvider.CODEX.tokenFiles()));
        assertThrows(IllegalArgumentException.class, () -> new Upstream("acme", URI.create("/relative")));
        assertTrue(QuotaProvider.withQuotaApi("acme-2", "https://a.example", false, QuotaProvider.CODEX.tokenFiles())
                .upstream().isPresent());
    }

    @Test
    void aListedFileIsTheOwningProvidersElseItsOwnPlainTypeElseUnknown() {
        List<QuotaProvider> builtIn = QuotaProvider.builtIn();
        assertEquals("ghcp", QuotaProvider.ownerOf(builtIn, Optional.of("GitHub-Copilot"), "x.json"));
        assertEquals("kiro", QuotaProvider.ownerOf(builtIn, Optional.empty(), "aws-x.json"));
        assertEquals("qwen", QuotaProvider.ownerOf(builtIn, Optional.of("Qwen"), "codex-x.json"));
        assertEquals("unknown", QuotaProvider.ownerOf(builtIn, Optional.of("not a word/.."), "x.json"));
        assertEquals("unknown", QuotaProvider.ownerOf(builtIn, Optional.empty(), "x.json"));
    }

    @Test
    void aProviderTheEmbedderAddsOwnsItsFilesInTheListing() {
        QuotaProvider acme = new QuotaProvider("acme", new TokenFileNaming(List.of("acme-ai"), List.of("acme-")),
                Optional.empty(), false);
        List<QuotaProvider> catalogue = List.of(QuotaProvider.CODEX, acme);

        assertEquals("acme", QuotaProvider.ownerOf(catalogue, Optional.empty(), "acme-x.json"));
        assertEquals("acme", QuotaProvider.ownerOf(catalogue, Optional.of("ACME-AI"), "x.json"));
        assertEquals("unknown", QuotaProvider.ownerOf(QuotaProvider.builtIn(), Optional.empty(), "acme-x.json"));
    }
}
