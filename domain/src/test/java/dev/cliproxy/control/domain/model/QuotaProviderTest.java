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
    void namesAreWhatAUrlAndAFlagTake() {
        assertThrows(IllegalArgumentException.class, () -> QuotaProvider.withQuotaApi("Acme/1", "https://a.example",
                false, QuotaProvider.CODEX.tokenFiles()));
        assertThrows(IllegalArgumentException.class, () -> new Upstream("acme", URI.create("/relative")));
        assertTrue(QuotaProvider.withQuotaApi("acme-2", "https://a.example", false, QuotaProvider.CODEX.tokenFiles())
                .upstream().isPresent());
    }
}
