package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** The rules of the control settings for all inputs: what is kept, what is refused (naming the key), what is shown. */
class ControlSettingsProperties {

    @Property
    void enabledIsReadAsWritten(@ForAll boolean enabled) {
        assertEquals(enabled, ControlSettings.fromTree(Map.of("supervision", Map.of("enabled", enabled)))
                .supervision().enabled());
    }

    @Property
    void everyKeyLeftOutTakesItsDefault(@ForAll boolean enabled, @ForAll boolean maxCrashes, @ForAll boolean crashWindow,
                                        @ForAll boolean initialBackoff, @ForAll boolean maxBackoff) {
        Map<String, Object> section = new HashMap<>();
        if (enabled) {
            section.put("enabled", true);
        }
        if (maxCrashes) {
            section.put("maxCrashes", 7);
        }
        if (crashWindow) {
            section.put("crashWindow", "3m");
        }
        if (initialBackoff) {
            section.put("initialBackoff", "2s");
        }
        if (maxBackoff) {
            section.put("maxBackoff", "90s");
        }
        SupervisionSettings d = SupervisionSettings.DEFAULTS;

        assertEquals(new SupervisionSettings(enabled || d.enabled(), maxCrashes ? 7 : d.maxCrashes(),
                        crashWindow ? Duration.ofMinutes(3) : d.crashWindow(),
                        initialBackoff ? Duration.ofSeconds(2) : d.initialBackoff(),
                        maxBackoff ? Duration.ofSeconds(90) : d.maxBackoff()),
                ControlSettings.fromTree(Map.of("supervision", section)).supervision());
    }

    @Property
    void maxCrashesIsAWholeNumberInItsRangeAndAnyOtherIsToldTheRange(
            @ForAll @LongRange(min = Integer.MIN_VALUE - 10L, max = Integer.MAX_VALUE + 10L) long value,
            @ForAll boolean asInteger) {
        Object written = asInteger && value == (int) value ? (Object) (int) value : (Object) value;
        Map<String, Object> tree = Map.of("supervision", Map.of("maxCrashes", written));
        if (value >= 1 && value <= 1000) {
            assertEquals(value, ControlSettings.fromTree(tree).supervision().maxCrashes());
            return;
        }
        String detail = refusal(tree);
        assertTrue(detail.contains("supervision.maxCrashes"), detail);
        assertEquals(value == (int) value, detail.contains("from 1 to 1000"), detail);
    }

    @Example
    void theLimitsOfAnIntAreToldTheRange() {
        for (long value : new long[] {Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertTrue(refusal(Map.of("supervision", Map.of("maxCrashes", value))).contains("from 1 to 1000"));
        }
        for (long value : new long[] {Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L}) {
            assertFalse(refusal(Map.of("supervision", Map.of("maxCrashes", value))).contains("from 1 to 1000"));
        }
    }

    @Property
    void anUnknownSupervisionKeyIsQuotedInTheRefusalAndCutAfterFortyCharacters(
            @ForAll @StringLength(min = 1, max = 80) @CharRange(from = 'a', to = 'z') String key) {
        String detail = refusal(Map.of("supervision", Map.of("x" + key, true)));
        String named = "x" + key;
        if (named.length() <= 40) {
            assertTrue(detail.contains('"' + named + '"'), detail);
        } else {
            assertTrue(detail.contains('"' + named.substring(0, 40) + "...\""), detail);
            assertFalse(detail.contains(named), detail);
        }
    }

    @Property
    void anUnknownSectionNestedUpToSixteenLevelsIsKeptAndDeeperIsRefused(
            @ForAll @IntRange(min = 0, max = 20) int depth, @ForAll boolean lists) {
        // The document is level 1 and the section level 2; each nesting adds one.
        Object nested = "leaf";
        for (int i = 0; i < depth; i++) {
            nested = lists ? List.of(nested) : Map.of("k", nested);
        }
        Map<String, Object> tree = Map.of("webhooks", Map.of("k", nested));
        if (depth + 3 <= 17) {
            assertEquals(Map.of("k", nested), ControlSettings.fromTree(tree).otherSections().get("webhooks"));
        } else {
            assertTrue(refusal(tree).contains("16 levels"));
        }
    }

    @Example
    void plainValuesOfEveryKindAreKeptAndNothingElse() {
        Map<String, Object> section = new HashMap<>();
        section.put("none", null);
        section.put("text", "t");
        section.put("flag", false);
        section.put("count", 3);
        section.put("ratio", 0.5);
        section.put("list", Arrays.asList(null, "t", true, 2L));
        assertEquals(section, ControlSettings.fromTree(Map.of("webhooks", section)).otherSections().get("webhooks"));

        assertTrue(refusal(Map.of("webhooks", Map.of("at", Instant.EPOCH))).contains("values must be"));
        assertTrue(refusal(Map.of("webhooks", Map.of("list", List.of(new Object())))).contains("values must be"));
        assertTrue(refusal(Map.of("webhooks", Map.of(1, "one"))).contains("every key must be text"));
    }

    @Example
    void secretsInsideListsAreNeverShownEither() {
        ControlSettings settings = ControlSettings.fromTree(Map.of("webhooks", Map.of("targets",
                List.of(Map.of("url", "https://h.test", "token", "t0ken"), "plain"))));
        assertEquals(Map.of("targets", List.of(Map.of("url", "https://h.test"), "plain")),
                settings.publicTree().get("webhooks"));
    }

    @Example
    void theTagTellsKeysAndListItemsApart() {
        assertNotEquals(tag(Map.of("webhooks", Map.of("a", 1))), tag(Map.of("webhooks", Map.of("b", 1))));
        assertNotEquals(tag(Map.of("webhooks", Map.of("a", List.of(1)))), tag(Map.of("webhooks", Map.of("a", List.of(2)))));
        assertEquals(tag(Map.of("webhooks", Map.of("a", List.of(Map.of("token", "x"))))),
                tag(Map.of("webhooks", Map.of("a", List.of(Map.of("token", "y"))))));
    }

    private static EntityTag tag(Map<String, Object> tree) {
        return ControlSettingsDocument.of(ControlSettings.fromTree(tree)).etag();
    }

    private static String refusal(Object tree) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ControlSettings.fromTree(tree));
        assertEquals(ControlSettings.INVALID, e.error());
        return e.detail().orElse("");
    }
}
