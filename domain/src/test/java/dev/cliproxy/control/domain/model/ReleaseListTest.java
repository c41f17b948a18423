package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseListTest {

    @Test
    void ordersNewestFirstByNumberAndKnowsLatestAndLatestStable() {
        ReleaseList list = new ReleaseList(List.of(release("6.9.9", false), release("6.9.10", true),
                release("6.9.2", false), release("v6.9.9", false)));

        assertEquals(List.of("6.9.10", "6.9.9", "6.9.2"), list.releases().stream().map(Release::version).toList());
        assertEquals("6.9.10", list.latest().orElseThrow().version());
        assertEquals("6.9.9", list.latestStable().orElseThrow().version());
        assertTrue(new ReleaseList(List.of()).latest().isEmpty());
    }

    @Test
    void updateCheckOffersOnlyStrictlyNewerReleasesAndNothingWithoutACurrentVersion() {
        Instant now = Instant.EPOCH;
        assertTrue(new UpdateCheck(Backend.ORIGINAL, Optional.of("6.9.9"), "6.9.10", false, now).hasUpdate());
        assertFalse(new UpdateCheck(Backend.ORIGINAL, Optional.of("6.9.10"), "6.9.10", false, now).hasUpdate());
        assertFalse(new UpdateCheck(Backend.ORIGINAL, Optional.of("6.9.11"), "6.9.10", false, now).hasUpdate());
        assertFalse(new UpdateCheck(Backend.PLUS, Optional.of("6.9.10"), "6.9.10-0", false, now).hasUpdate());
        assertTrue(new UpdateCheck(Backend.PLUS, Optional.of("6.9.10-0"), "6.9.10-1", false, now).hasUpdate());
        assertFalse(new UpdateCheck(Backend.ORIGINAL, Optional.empty(), "6.9.10", false, now).hasUpdate());
    }

    private static Release release(String tag, boolean prerelease) {
        return Release.ofTag(tag, prerelease, Optional.empty()).orElseThrow();
    }
}
