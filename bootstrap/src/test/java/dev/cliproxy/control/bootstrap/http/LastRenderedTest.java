package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LastRenderedTest {

    @Test
    void theSameValueIsWrittenOnceAndAnEqualButOtherValueAgain() {
        List<List<String>> written = new ArrayList<>();
        LastRendered<List<String>> rendered = new LastRendered<>(value -> {
            written.add(value);
            return Map.of("files", value);
        });
        List<String> listing = new ArrayList<>(List.of("a.json"));

        byte[] first = rendered.json(listing);
        assertSame(first, rendered.json(listing));
        assertEquals(1, written.size());

        byte[] other = rendered.json(new ArrayList<>(List.of("b.json")));
        assertEquals("{\"files\":[\"b.json\"]}", new String(other, StandardCharsets.UTF_8));
        rendered.json(new ArrayList<>(List.of("b.json")));
        assertEquals(3, written.size(), "only the very same object is taken as unchanged");
    }

    @Test
    void byEqualityAnEqualValueIsWrittenOnceAndAnotherValueAgain() {
        List<String> written = new ArrayList<>();
        LastRendered<String> rendered = LastRendered.byEquality(value -> {
            written.add(value);
            return Map.of("running", value);
        });

        byte[] first = rendered.json(new String("no"));
        assertSame(first, rendered.json(new String("no")), "an equal value made afresh");
        assertEquals("{\"running\":\"yes\"}", new String(rendered.json("yes"), StandardCharsets.UTF_8));
        assertEquals("{\"running\":\"no\"}", new String(rendered.json("no"), StandardCharsets.UTF_8),
                "back to an earlier value: written again, never the last one's JSON");
        assertEquals(List.of("no", "yes", "no"), written);
    }
}
