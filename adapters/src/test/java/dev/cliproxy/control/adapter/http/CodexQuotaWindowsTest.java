package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a Codex window is named from its {@code limit_window_seconds}: weekly, whole days, whole hours, minutes. */
class CodexQuotaWindowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aWindowIsNamedByItsLengthInTheLargestWholeUnit() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("604800", "weekly");
        expected.put("86400", "1d");
        expected.put("172800", "2d");
        expected.put("18000", "5h");
        expected.put("7200", "2h");
        expected.put("90000", "25h");
        expected.put("150", "2m");
        expected.put("90", "1m");
        expected.put("30", "1m"); // less than a minute still names one
        expected.put("1000000000", "16666666m"); // the longest window believed
        expected.forEach((seconds, name) -> assertEquals(name, windowOf(seconds), seconds + " s"));
    }

    @Test
    void aMissingZeroNegativeOrAbsurdLengthLeavesTheSlotsOwnName() throws Exception {
        for (String seconds : new String[] {"0", "-60", "1000000001", "\"soon\""}) {
            assertEquals("5h", windowOf(seconds), seconds);
        }
    }

    private static String windowOf(String seconds) {
        try {
            return CodexQuotaMapper.map(JSON.readTree("{\"rate_limit\":{\"primary_window\":{\"used_percent\":10,"
                    + "\"limit_window_seconds\":" + seconds + "}}}"), NOW).getFirst().window();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
