package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a token file says of itself, in every provider's spelling. */
class TokenFileFactsTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void typeAndEmailElseUsername() {
        assertEquals(new TokenFileFacts(Optional.of("codex"), Optional.of("a@b.c"), Optional.empty()),
                TokenFileFacts.fromTree(Map.of("type", "codex", "email", "a@b.c", "username", "u")));
        assertEquals(Optional.of("octocat"), TokenFileFacts.fromTree(Map.of("username", "octocat")).email());
        assertEquals(Optional.of("octocat"), TokenFileFacts.fromTree(Map.of("email", " ", "username", "octocat"))
                .email(), "a blank email says nothing");
        assertEquals(TokenFileFacts.NONE, TokenFileFacts.fromTree(Map.of("type", 3, "email", List.of("x"))));
    }

    @Test
    void whatIsNoObjectSaysNothing() {
        for (Object tree : java.util.Arrays.asList(null, "text", 12, List.of(Map.of("type", "codex")))) {
            assertEquals(TokenFileFacts.NONE, TokenFileFacts.fromTree(tree), String.valueOf(tree));
        }
    }

    @Test
    void theExpiryInEachSpellingFirstFoundWins() {
        long seconds = EXPIRY.getEpochSecond();
        for (Map<String, Object> file : List.<Map<String, Object>>of(
                Map.of("expired", EXPIRY.toString()),
                Map.of("expiry", seconds),
                Map.of("expires_at", EXPIRY.toEpochMilli()),
                Map.of("token", Map.of("expiry", EXPIRY.toString())),
                Map.of("token", Map.of("expires_at", Long.toString(seconds))),
                Map.of("expired", "", "expiry", EXPIRY.toString()),
                Map.of("expired", List.of(), "token", Map.of("expiry", EXPIRY.toString())),
                Map.of("timestamp", EXPIRY.minusSeconds(3600).toEpochMilli(), "expires_in", 3600),
                Map.of("expired", EXPIRY.toString(), "expiry", "2030-01-01T00:00:00Z"))) {
            assertEquals(Optional.of(EXPIRY), TokenFileFacts.fromTree(file).expiresAt(), file.toString());
        }
    }

    @Test
    void aLifetimeNeedsAStartAndAPositiveLength() {
        long start = EXPIRY.toEpochMilli();
        for (Map<String, Object> file : List.<Map<String, Object>>of(
                Map.of("timestamp", start, "expires_in", 0),
                Map.of("timestamp", start, "expires_in", -5),
                Map.of("timestamp", start, "expires_in", "3600"),
                Map.of("expires_in", 3600),
                Map.of("token", "not an object", "timestamp", "x", "expires_in", 3600))) {
            assertEquals(Optional.empty(), TokenFileFacts.fromTree(file).expiresAt(), file.toString());
        }
        assertEquals(Optional.of(EXPIRY.plusSeconds(1)),
                TokenFileFacts.fromTree(Map.of("timestamp", start, "expires_in", 1)).expiresAt());
    }

    @Test
    void blankTextIsNoText() {
        assertEquals(Optional.empty(), TokenFileFacts.text(Map.of("type", "  "), "type"));
        assertEquals(Optional.of(" x "), TokenFileFacts.text(Map.of("type", " x "), "type"));
        assertEquals(Optional.empty(), TokenFileFacts.text(Map.of(), "type"));
    }
}
