package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names CLIProxyAPI and the ccs CLI give token files, and which provider a file belongs to. */
class TokenFileNamingTest {

    @Test
    void theLoginNamesTheFileAfterTheFirstPrefixAndWritesTheFirstType() {
        assertEquals("antigravity-a@b.c.json", QuotaProvider.AGY.tokenFiles().fileName("a@b.c"));
        assertEquals("github-copilot", QuotaProvider.GHCP.tokenFiles().type());
        assertEquals("codex-a@b.c.json", QuotaProvider.CODEX.tokenFiles().fileName("a@b.c"));
    }

    @Test
    void anAccountIdStandsForItsStemThenEachPrefixAsIsAndSanitized() {
        assertEquals(List.of("a@b.c.json", "claude-a@b.c.json", "claude-a_b_c.json", "anthropic-a@b.c.json",
                "anthropic-a_b_c.json"), QuotaProvider.CLAUDE.tokenFiles().candidateNames("a@b.c"));
    }

    @Test
    void aFileIsTheProvidersByItsTypeInAnyCaseElseByItsPrefix() {
        TokenFileNaming kiro = QuotaProvider.KIRO.tokenFiles();
        assertTrue(kiro.owns(Optional.of("CodeWhisperer"), "whatever.json"));
        assertFalse(kiro.owns(Optional.of("codex"), "kiro-a.json"), "the type decides when there is one");
        assertTrue(kiro.owns(Optional.empty(), "aws-a.json"));
        assertFalse(kiro.owns(Optional.empty(), "a.json"));
    }

    @Test
    void everyProviderHasATypeAndAPrefix() {
        for (QuotaProvider provider : QuotaProvider.builtIn()) {
            TokenFileNaming naming = provider.tokenFiles();
            assertTrue(naming.owns(Optional.of(naming.type()), naming.fileName("x")), provider.id());
            assertTrue(naming.owns(Optional.empty(), naming.fileName("x")), provider.id());
        }
    }
}
