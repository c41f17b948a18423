package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Upstreams and providers share one naming rule: lower-case letters, digits and '-', as URLs and flags take them. */
class UpstreamNameProperties {

    private static final TokenFileNaming NAMING = new TokenFileNaming(List.of("acme"), List.of("acme-"));

    @Property
    void aNameWithAnyOtherCharacterIsRefusedByBoth(@ForAll @StringLength(min = 1, max = 10) @Chars({'a', '1'}) String name,
                                                   @ForAll("otherCharacters") String other) {
        String bad = name + other;
        assertThrows(IllegalArgumentException.class, () -> new Upstream(bad, URI.create("https://h.test")));
        assertThrows(IllegalArgumentException.class, () -> new QuotaProvider(bad, NAMING, Optional.empty(), false));
    }

    @Provide
    Arbitrary<String> otherCharacters() {
        return Arbitraries.of("A", "_", ".", "/", " ", ":");
    }

    @Property
    void aNameOfTheRuleIsTakenByBoth(@ForAll @StringLength(min = 1, max = 32) @Chars({'a', 'z', '0', '9', '-'}) String tail) {
        String name = "a" + tail.substring(1);
        assertEquals(name, new Upstream(name, URI.create("https://h.test")).id());
        assertEquals(name, new QuotaProvider(name, NAMING, Optional.empty(), false).id());
    }
}
